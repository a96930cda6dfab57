// Loaded (--import) into every server the harness starts: the server listens on port 0
// and this tells the harness which port it got. A port picked in advance and handed
// over could be taken by another process in between (tests run in parallel).
import net from 'node:net';

const listen = net.Server.prototype.listen;
let reported = false;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    const address = this.address();
    if (reported || !address || typeof address !== 'object') return;
    reported = true;
    process.send?.({ port: address.port });
  });
  return listen.apply(this, args);
};
