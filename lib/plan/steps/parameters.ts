/*
 * Step: a parameter becomes a factory. A function that runs once and is handed the
 * server (`mountRoutes(app, server)`) takes a function that builds one instead, when
 * every call of it is in the project; each caller passes its own factory.
 */
import type { Binding } from '@babel/traverse';
import type { Path, SourceModule } from '../../scan/module.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import type { Factory, PlanContext } from '../context.js';
import { connectOf } from '../uses.js';

export function parameterFactory(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, at: Path): Factory | undefined {
  void cls;
  const name = binding.identifier.name;
  return ctx.block(module, connectOf(at), `\`${name}\` is one server passed in and connected to every connection's transport; take a function that builds a server and call it per connection`);
}
