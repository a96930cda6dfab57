/** jscodeshift's parser configurations (CommonJS, untyped): each exports a function that makes a parser. */
declare module 'jscodeshift/parser/*.js' {
  const makeParser: () => { parse(code: string): unknown };
  export default makeParser;
}
