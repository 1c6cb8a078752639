// The hostile client of tests/bench/collector_slowloris.sh: holds COUNT connections to
// 127.0.0.1:PORT from 127.0.0.2, each trickling one byte of a request head every 2 s, and opens
// a new one whenever the server closes one (at most every 50 ms per slot). Runs SECONDS, then
// prints `held=N` (connections open at the end) and `cut=N` (connections the server closed).
//   node slowloris.mjs PORT COUNT SECONDS
import net from 'node:net';

const [port, count, seconds] = process.argv.slice(2).map(Number);
const head = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client-with-a-long-header-line\r\n\r\n';
const open = new Set();
let cut = 0;
let stopping = false;

function hold() {
  if (stopping) return;
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
  let sent = 0;
  let timer;
  socket.on('connect', () => {
    open.add(socket);
    timer = setInterval(() => { if (sent < head.length) socket.write(head[sent++]); }, 2000);
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    clearInterval(timer);
    if (open.delete(socket) && !stopping) cut++;
    setTimeout(hold, 50);
  });
}

for (let i = 0; i < count; i++) hold();
setTimeout(() => {
  stopping = true;
  process.stdout.write(`held=${open.size}\ncut=${cut}\n`);
  for (const s of open) s.destroy();
  process.exit(0);
}, seconds * 1000);
