// Preloaded into the Portkey gateway: it listens on every interface by default; the benchmark only
// ever uses 127.0.0.1, so bind there.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number') {
    const callback = args.find((a) => typeof a === 'function');
    return callback ? listen.call(this, args[0], '127.0.0.1', callback) : listen.call(this, args[0], '127.0.0.1');
  }
  if (args[0] && typeof args[0] === 'object' && args[0].path === undefined) args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
