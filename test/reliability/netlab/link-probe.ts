// Raw-link baseline, run inside the namespaces: a TCP echo for round-trip time and a bulk upload
// whose goodput is counted on the receiving side (the sender's own count only says how fast the
// socket buffer filled — the iperf3 -n trap).
//   server <addr> <port>                    prints "listening", serves until killed
//   client <addr> <port> <pings> <bytes>    prints one JSON line {rttMs: [...], bulk: {...}}
//   udp-sink <addr> <port>                  prints "listening", then {"received": n} on "end"
//   udp-send <addr> <port> <count>          sends <count> 20-byte datagrams, or "end" if count is 0
//   stream-sink <addr> <port>               prints "listening", then {"t": wall ms, "bytes": total} per arrival
//   stream-source <addr> <port> <bytes>     one TCP upload of <bytes>, as fast as TCP allows
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';

const [mode, addr, portText, pingsText, bytesText] = process.argv.slice(2);
const port = Number(portText);

function serve(): void {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    let kind: 'echo' | 'bulk' | undefined;
    let received = 0;
    let first = 0n;
    socket.on('data', (chunk: Buffer) => {
      if (!kind) {
        kind = chunk[0] === 0x45 /* E */ ? 'echo' : 'bulk';
        first = process.hrtime.bigint();
        chunk = chunk.subarray(1);
      }
      if (kind === 'echo') socket.write(chunk);
      else received += chunk.length;
    });
    socket.on('end', () => {
      if (kind === 'bulk') {
        const ms = Number(process.hrtime.bigint() - first) / 1e6;
        socket.end(JSON.stringify({ bytes: received, receiveMs: ms }));
      } else socket.end();
    });
    socket.on('error', () => socket.destroy());
  });
  server.listen(port, addr, () => console.log('listening'));
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: addr, port }, () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

async function client(): Promise<void> {
  const pings = Number(pingsText);
  const bytes = Number(bytesText);
  const echo = await open();
  echo.write('E');
  const rttMs: number[] = [];
  for (let i = 0; i < pings; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      echo.once('data', () => resolve());
      echo.write('p');
    });
    rttMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  echo.end();

  const t0 = process.hrtime.bigint();
  const bulk = await open();
  const reply: Buffer[] = [];
  bulk.on('data', (c: Buffer) => reply.push(c));
  const done = new Promise<void>((resolve) => bulk.on('end', () => resolve()));
  bulk.write('B');
  bulk.end(Buffer.alloc(bytes, 0x61));
  await done;
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const server = JSON.parse(Buffer.concat(reply).toString()) as { bytes: number; receiveMs: number };
  console.log(JSON.stringify({ rttMs, bulk: { ...server, totalMs } }));
}

function udpSink(): void {
  const socket = createSocket('udp4');
  let received = 0;
  socket.on('message', (msg) => {
    if (msg.toString() === 'end') {
      console.log(JSON.stringify({ received }));
      process.exit(0);
    }
    received += 1;
  });
  socket.bind(port, addr, () => console.log('listening'));
}

async function udpSend(): Promise<void> {
  const count = Number(pingsText);
  const socket = createSocket('udp4');
  const send = (msg: Buffer | string): Promise<void> =>
    new Promise((resolve, reject) => socket.send(msg, port, addr, (e) => (e ? reject(e) : resolve())));
  if (count === 0) await send('end');
  for (let i = 0; i < count; i++) await send(Buffer.alloc(20, i & 0xff));
  socket.close();
}

function streamSink(): void {
  let total = 0;
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      total += chunk.length;
      console.log(JSON.stringify({ t: Date.now(), bytes: total }));
    });
    socket.on('error', () => socket.destroy());
  });
  server.listen(port, addr, () => console.log('listening'));
}

async function streamSource(): Promise<void> {
  const s = await open();
  s.end(Buffer.alloc(Number(pingsText), 0x62));
  await new Promise((resolve) => s.on('close', resolve));
}

if (mode === 'server') serve();
else if (mode === 'stream-sink') streamSink();
else if (mode === 'stream-source') await streamSource();
else if (mode === 'client') await client();
else if (mode === 'udp-sink') udpSink();
else if (mode === 'udp-send') await udpSend();
else {
  console.error('usage: link-probe server <addr> <port> | client <addr> <port> <pings> <bytes>');
  process.exit(2);
}
