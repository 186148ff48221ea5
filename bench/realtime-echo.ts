/**
 * The baseline of bench/realtime.ts: a bare socket.io 4.8 server that only relays. A client joins
 * a room (`join`), and a `msg` it sends goes to the room's other sockets. No authentication, no
 * database: what socket.io delivery alone costs on this machine.
 */
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer();
const io = new Server(server);
io.on('connection', (socket) => {
  socket.on('join', (room: string, ack?: () => void) => {
    void socket.join(room);
    ack?.();
  });
  socket.on('msg', (payload: { room: string }) => {
    socket.to(payload.room).emit('msg', payload);
  });
});
server.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
