// Real sockets on 127.0.0.1 with ports the kernel picks; each test's io_context runs with a bound.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <string>

#include "libcommon/net/deadline_timer.hpp"
#include "libcommon/net/tcp_connection.hpp"
#include "libcommon/net/udp_socket.hpp"

namespace disco::net {
namespace {

using namespace std::chrono_literals;
const auto loopback = boost::asio::ip::make_address("127.0.0.1");

void run_bounded(boost::asio::io_context& io) { io.run_for(5s); }

TEST(UdpSocket, DeliversDatagramsWithTheSender) {
  boost::asio::io_context io;
  std::string got;
  UdpSocket::Endpoint from;
  UdpSocket a(io, {loopback, 0}, [](base::BytesView, const UdpSocket::Endpoint&) {});
  UdpSocket b(io, {loopback, 0}, [&](base::BytesView d, const UdpSocket::Endpoint& f) {
    got.assign(d.begin(), d.end());
    from = f;
    io.stop();
  });
  a.send(b.local_endpoint(), base::as_bytes("OPTIONS"));
  run_bounded(io);
  EXPECT_EQ(got, "OPTIONS");
  EXPECT_EQ(from, a.local_endpoint());
}

TEST(TcpConnection, BytesFlowBothWaysAndCloseIsReported) {
  boost::asio::io_context io;
  std::string server_got, client_got;
  bool server_saw_close = false;
  TcpListener listener(io, {loopback, 0}, [&](std::shared_ptr<TcpConnection> c) {
    c->start({[&, c](base::BytesView d) {
                server_got.append(d.begin(), d.end());
                if (server_got == "ping") c->send(base::to_bytes("pong"));
              },
              [&](const boost::system::error_code&) {
                server_saw_close = true;
                io.stop();
              }});
  });
  std::shared_ptr<TcpConnection> client;
  TcpConnection::connect(io, listener.local_endpoint(), [&](const boost::system::error_code& ec, auto c) {
    ASSERT_FALSE(ec);
    client = c;
    client->start({[&](base::BytesView d) {
                     client_got.append(d.begin(), d.end());
                     client->close();
                   },
                   {}});
    client->send(base::to_bytes("pi"));
    client->send(base::to_bytes("ng"));
  });
  run_bounded(io);
  EXPECT_EQ(server_got, "ping");
  EXPECT_EQ(client_got, "pong");
  EXPECT_TRUE(server_saw_close);
}

TEST(TcpConnection, ConnectionRefusedIsReported) {
  boost::asio::io_context io;
  TcpListener::Endpoint closed;
  {
    TcpListener l(io, {loopback, 0}, [](auto) {});
    closed = l.local_endpoint();
  }
  bool refused = false;
  TcpConnection::connect(io, closed,
                         [&](const boost::system::error_code& ec, auto c) { refused = ec && c == nullptr; });
  run_bounded(io);
  EXPECT_TRUE(refused);
}

TEST(DeadlineTimer, FiresOnceAtTheArmedDeadlineAndCanBeReArmed) {
  boost::asio::io_context io;
  int fired = 0;
  base::TimePoint due{}, fired_at{};
  DeadlineTimer t(io, [&](base::TimePoint now) {
    fired_at = now;
    if (++fired == 2) io.stop();
  });
  t.arm(base::Clock::now() + 1h);  // replaced before it could fire
  due = base::Clock::now() + 10ms;
  t.arm(due);
  run_bounded(io);
  EXPECT_EQ(fired, 1);
  EXPECT_GE(fired_at, due);
  // run returned because no work was left: the replaced one-hour wait is gone, not pending.
  EXPECT_TRUE(io.stopped());
  io.restart();
  t.arm(base::Clock::now() + 5ms);
  run_bounded(io);
  EXPECT_EQ(fired, 2);
}

}  // namespace
}  // namespace disco::net
