// TLS links on 127.0.0.1 with certificates from a throw-away CA made at test time.
#include "libcommon/net/tls_link.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "libcommon/net/errc.hpp"
#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/test_ca.hpp"

namespace disco::net {
namespace {

using namespace std::chrono_literals;
using boost::asio::ip::tcp;
const auto loopback = boost::asio::ip::make_address("127.0.0.1");

// Runs the loop until `done()` holds or 5 s pass.
template <class Pred>
bool run_until(boost::asio::io_context& io, Pred done) {
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    io.restart();
    io.run_one_for(10ms);
  }
  return true;
}

std::string text(base::BytesView b) { return {b.begin(), b.end()}; }

class TlsLinkTest : public ::testing::Test {
 protected:
  TlsLinkTest()
      : ca(dir.path(), "overlay-ca"),
        alice(ca.issue("alice", test::reload_uri("0110" + std::string(28, 'a')))),
        bob(ca.issue("bob", test::reload_uri("0110" + std::string(28, 'b')))) {}

  boost::asio::ssl::context context(const test::TestCertificate& cert, TlsRole role,
                                    std::optional<std::string> keylog = std::nullopt) {
    return make_tls_context({cert.key_pem, cert.cert_pem, ca.cert_pem(), std::move(keylog)}, role);
  }

  // Declared first so that it is destroyed last, after every socket and link.
  boost::asio::io_context io;
  test::TempDir dir{"disco-tls"};
  test::TestCa ca;
  test::TestCertificate alice, bob;
};

TEST_F(TlsLinkTest, MessagesFlowBothWaysAndAcksMeasureTheRtt) {
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  std::shared_ptr<TlsLink> server, client;
  std::vector<std::string> server_got, client_got;
  base::Bytes server_saw_cert, client_saw_cert;

  TlsListener listener(
      io, server_ctx, {loopback, 0},
      [&](base::Bytes der) {
        server_saw_cert = der;
        return true;
      },
      [&](std::shared_ptr<TlsLink> link) {
        server = link;
        server->start({[&](base::BytesView m) {
                         server_got.push_back(text(m));
                         EXPECT_TRUE(server->send(base::as_bytes("re: " + text(m))));
                       },
                       {},
                       {}});
      });
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(),
      [&](base::Bytes der) {
        client_saw_cert = der;
        return true;
      },
      [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
        ASSERT_FALSE(ec) << ec.message();
        client = link;
        client->start({[&](base::BytesView m) { client_got.push_back(text(m)); }, {}, {}});
        for (const char* m : {"one", "two", "three"}) EXPECT_TRUE(client->send(base::as_bytes(m)));
      });

  ASSERT_TRUE(run_until(io, [&] {
    return client_got.size() == 3 && server && server->unacked_count() == 0 && client->unacked_count() == 0;
  }));
  EXPECT_EQ(server_got, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(client_got, (std::vector<std::string>{"re: one", "re: two", "re: three"}));
  // Each side checked the other's certificate, as sent by the CA.
  EXPECT_EQ(server_saw_cert, alice.der);
  EXPECT_EQ(client_saw_cert, bob.der);
  EXPECT_EQ(server->peer_certificate(), alice.der);
  EXPECT_EQ(client->tls_version(), "TLSv1.3");
  // Both directions were acked, so both have an RTT and an RTO below the 500 ms default.
  ASSERT_TRUE(client->rtt());
  ASSERT_TRUE(server->rtt());
  EXPECT_LT(client->rto(), 500ms);
  EXPECT_FALSE(client->oldest_unacked_deadline());
  EXPECT_EQ(client->remote_endpoint(), listener.local_endpoint());
  EXPECT_EQ(server->remote_endpoint(), client->local_endpoint());

  std::optional<std::error_code> server_closed;
  server->start({{}, [&](std::error_code ec) { server_closed = ec; }, {}});
  client->close();
  EXPECT_FALSE(client->is_open());
  EXPECT_FALSE(client->send(base::as_bytes("late")));
  ASSERT_TRUE(run_until(io, [&] { return server_closed.has_value(); }));
}

TEST_F(TlsLinkTest, FramesQueuedInOneTurnLeaveInOneWrite) {
  // Every send wakes the peer process: three messages sent from one handler go out together.
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  std::shared_ptr<TlsLink> server, client;
  std::vector<std::string> server_got;
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](const base::Bytes&) { return true; },
      [&](std::shared_ptr<TlsLink> link) {
        server = link;
        server->start({[&](base::BytesView m) { server_got.push_back(text(m)); }, {}, {}});
      });
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](const base::Bytes&) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
        ASSERT_FALSE(ec) << ec.message();
        client = link;
        client->start({[](base::BytesView) {}, {}, {}});
        for (const char* m : {"one", "two", "three"}) EXPECT_TRUE(client->send(base::as_bytes(m)));
        EXPECT_EQ(client->writes_started(), 0U);  // not before this handler returns
      });
  ASSERT_TRUE(run_until(io, [&] { return server_got.size() == 3 && client && client->unacked_count() == 0; }));
  EXPECT_EQ(server_got, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(client->writes_started(), 1U);
  // Another turn, another write, whatever the first left behind.
  EXPECT_TRUE(client->send(base::as_bytes("four")));
  ASSERT_TRUE(run_until(io, [&] { return server_got.size() == 4; }));
  EXPECT_EQ(client->writes_started(), 2U);
}

TEST_F(TlsLinkTest, ServerRefusingTheCertificateClosesTheLink) {
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  bool handed_out = false;
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return false; },
      [&](std::shared_ptr<TlsLink>) { handed_out = true; });
  std::optional<std::error_code> client_result;
  std::shared_ptr<TlsLink> client;
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
        // With TLS 1.3 the client finishes first and learns of the refusal on its next read.
        if (ec) {
          client_result = ec;
          return;
        }
        client = link;
        client->start({{}, [&](std::error_code closed) { client_result = closed; }, {}});
      });
  ASSERT_TRUE(run_until(io, [&] { return client_result.has_value() && listener.handshake_failures() == 1; }));
  EXPECT_TRUE(*client_result);
  EXPECT_FALSE(handed_out);
}

TEST_F(TlsLinkTest, ClientRefusingTheCertificateGetsUnauthorized) {
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return true; }, [](auto) {});
  std::optional<std::error_code> result;
  bool got_link = true;
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return false; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
        result = ec;
        got_link = link != nullptr;
      });
  ASSERT_TRUE(run_until(io, [&] { return result.has_value(); }));
  EXPECT_EQ(*result, errc::unauthorized);
  EXPECT_FALSE(got_link);
}

TEST_F(TlsLinkTest, CertificateFromAnotherCaFailsTheHandshake) {
  test::TestCa other(dir.path(), "other-ca");
  const auto mallory = other.issue("mallory", test::reload_uri("0110" + std::string(28, 'c')));
  // Mallory trusts our CA, so only her own certificate is at fault.
  auto mallory_server_ctx = context(mallory, TlsRole::server);
  auto mallory_client_ctx = context(mallory, TlsRole::client);
  auto good_server_ctx = context(bob, TlsRole::server);
  auto good_client_ctx = context(alice, TlsRole::client);
  bool authorize_called = false;
  auto authorize = [&](base::Bytes) {
    authorize_called = true;
    return true;
  };

  // Our client connecting to Mallory's server: the client's handshake fails.
  TlsListener mallory_listener(io, mallory_server_ctx, {loopback, 0}, authorize, [](auto) {});
  std::optional<std::error_code> client_result;
  TlsLink::connect(io, good_client_ctx, mallory_listener.local_endpoint(), authorize,
                   [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
                     client_result = ec;
                     EXPECT_EQ(link, nullptr);
                   });
  ASSERT_TRUE(run_until(io, [&] { return client_result.has_value(); }));
  EXPECT_TRUE(*client_result);

  // Mallory's client connecting to our server: our server's handshake fails.
  bool handed_out = false;
  TlsListener listener(io, good_server_ctx, {loopback, 0}, authorize,
                       [&](std::shared_ptr<TlsLink>) { handed_out = true; });
  std::optional<std::error_code> mallory_result;
  std::shared_ptr<TlsLink> mallory_link;
  TlsLink::connect(
      io, mallory_client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
        if (ec) {
          mallory_result = ec;
          return;
        }
        mallory_link = link;
        mallory_link->start({{}, [&](std::error_code closed) { mallory_result = closed; }, {}});
      });
  ASSERT_TRUE(run_until(io, [&] { return listener.handshake_failures() == 1 && mallory_result.has_value(); }));
  EXPECT_FALSE(handed_out);
  EXPECT_FALSE(authorize_called);  // TLS refused both before any owner saw a certificate
}

TEST_F(TlsLinkTest, HostileClientsDoNotStopTheListener) {
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  std::vector<std::shared_ptr<TlsLink>> accepted;
  TlsListenerOptions options;
  options.link.handshake_timeout = 300ms;
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return true; },
      [&](std::shared_ptr<TlsLink> l) { accepted.push_back(std::move(l)); }, options);

  // A plain TCP client writing random bytes, and one that connects and says nothing.
  tcp::socket noisy(io), silent(io);
  noisy.connect(listener.local_endpoint());
  silent.connect(listener.local_endpoint());
  std::mt19937 rng(6940);
  base::Bytes junk(1000);
  for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
  boost::asio::write(noisy, boost::asio::buffer(junk));
  // The noisy one fails at once; the silent one waits in its handshake.
  ASSERT_TRUE(run_until(io, [&] { return listener.handshake_failures() == 1 && listener.pending_handshakes() == 1; }));

  // A good client still gets through while the silent one waits for its deadline.
  std::shared_ptr<TlsLink> client;
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> link) {
        ASSERT_FALSE(ec) << ec.message();
        client = link;
      });
  ASSERT_TRUE(run_until(io, [&] { return accepted.size() == 1 && client; }));
  // Then the silent one times out.
  ASSERT_TRUE(run_until(io, [&] { return listener.handshake_failures() == 2; }));
  EXPECT_EQ(listener.pending_handshakes(), 0u);
}

TEST_F(TlsLinkTest, ConnectToASilentServerTimesOut) {
  tcp::acceptor silent(io, {loopback, 0});  // accepts in the kernel backlog, never speaks TLS
  auto client_ctx = context(alice, TlsRole::client);
  TlsLinkOptions options;
  options.handshake_timeout = 200ms;
  std::optional<std::error_code> result;
  TlsLink::connect(
      io, client_ctx, silent.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink>) { result = ec; }, options);
  ASSERT_TRUE(run_until(io, [&] { return result.has_value(); }));
  EXPECT_EQ(*result, errc::handshake_timeout);
}

TEST_F(TlsLinkTest, KeylogFileGetsTheTls13Secrets) {
  const auto keylog = (dir.path() / "keys.log").string();
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client, keylog);
  std::shared_ptr<TlsLink> server, client;
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return true; },
      [&](std::shared_ptr<TlsLink> l) { server = std::move(l); });
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> l) {
        ASSERT_FALSE(ec) << ec.message();
        client = std::move(l);
      });
  ASSERT_TRUE(run_until(io, [&] { return server && client; }));

  std::ifstream in(keylog);
  std::stringstream content;
  content << in.rdbuf();
  const std::string log = content.str();
  EXPECT_NE(log.find("CLIENT_HANDSHAKE_TRAFFIC_SECRET "), std::string::npos) << log;
  EXPECT_NE(log.find("SERVER_HANDSHAKE_TRAFFIC_SECRET "), std::string::npos);
  EXPECT_NE(log.find("CLIENT_TRAFFIC_SECRET_0 "), std::string::npos);
  EXPECT_EQ(log.back(), '\n');
  struct stat st {};
  ASSERT_EQ(::stat(keylog.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(TlsLinkTest, Tls12PeersConnectAndLogClientRandom) {
  const auto keylog = (dir.path() / "keys12.log").string();
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client, keylog);
  ASSERT_EQ(SSL_CTX_set_max_proto_version(client_ctx.native_handle(), TLS1_2_VERSION), 1);
  std::shared_ptr<TlsLink> server, client;
  std::string got;
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return true; },
      [&](std::shared_ptr<TlsLink> l) {
        server = std::move(l);
        server->start({[&](base::BytesView m) { got = text(m); }, {}, {}});
      });
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> l) {
        ASSERT_FALSE(ec) << ec.message();
        client = std::move(l);
        client->start({});
        client->send(base::as_bytes("over 1.2"));
      });
  ASSERT_TRUE(run_until(io, [&] { return got == "over 1.2" && client->rtt().has_value(); }));
  EXPECT_EQ(client->tls_version(), "TLSv1.2");
  EXPECT_EQ(server->tls_version(), "TLSv1.2");
  std::ifstream in(keylog);
  std::string first_word;
  in >> first_word;
  EXPECT_EQ(first_word, "CLIENT_RANDOM");
}

TEST_F(TlsLinkTest, OversizedFrameClosesTheLink) {
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  TlsListenerOptions options;
  options.link.framing.limits.max_message_size = 1000;
  std::shared_ptr<TlsLink> server, client;
  bool oversized_reported = false, delivered = false;
  std::string client_got;
  std::optional<std::error_code> server_closed, client_closed;
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return true; },
      [&](std::shared_ptr<TlsLink> l) {
        server = std::move(l);
        server->start({[&](base::BytesView) { delivered = true; }, [&](std::error_code ec) { server_closed = ec; },
                       [&] {
                         oversized_reported = true;
                         // Still open: the answer (Error_Message_Too_Large in a node) goes out first.
                         EXPECT_TRUE(server->send(base::as_bytes("too large")));
                       }});
      },
      options);
  TlsLinkOptions client_options;
  client_options.framing.limits.max_message_size = 200000;
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> l) {
        ASSERT_FALSE(ec) << ec.message();
        client = std::move(l);
        client->start({[&](base::BytesView m) { client_got = text(m); },
                       [&](std::error_code closed) { client_closed = closed; },
                       {}});
        // Above the client's own limit: refused locally, nothing sent.
        EXPECT_FALSE(client->send(base::Bytes(200001, 0x42)));
        EXPECT_TRUE(client->is_open());
        // Within ours, far above the server's 1000: the server stops reading after the header
        // with most of the frame unread, and must still get its answer through (no TCP RST).
        EXPECT_TRUE(client->send(base::Bytes(150000, 0x42)));
      },
      client_options);
  ASSERT_TRUE(run_until(io, [&] { return server_closed && client_closed; }));
  EXPECT_TRUE(oversized_reported);
  EXPECT_FALSE(delivered);
  EXPECT_EQ(*server_closed, reload::msg::errc::message_too_large);
  EXPECT_EQ(client_got, "too large");
  EXPECT_FALSE(server->send(base::as_bytes("after")));
}

TEST_F(TlsLinkTest, PeerThatDoesNotReadFillsTheSendQueueAndIsClosed) {
  auto server_ctx = context(bob, TlsRole::server);
  auto client_ctx = context(alice, TlsRole::client);
  std::shared_ptr<TlsLink> server, client;  // the server never starts reading
  TlsListener listener(
      io, server_ctx, {loopback, 0}, [](base::Bytes) { return true; },
      [&](std::shared_ptr<TlsLink> l) { server = std::move(l); });
  TlsLinkOptions options;
  options.max_queued_bytes = 64 * 1024;
  std::optional<std::error_code> closed;
  TlsLink::connect(
      io, client_ctx, listener.local_endpoint(), [](base::Bytes) { return true; },
      [&](std::error_code ec, std::shared_ptr<TlsLink> l) {
        ASSERT_FALSE(ec) << ec.message();
        client = std::move(l);
        client->start({{}, [&](std::error_code e) { closed = e; }, {}});
      },
      options);
  ASSERT_TRUE(run_until(io, [&] { return server && client; }));
  // The kernel buffers absorb a few MB; keep sending until our queue passes its bound.
  const base::Bytes message(4000, 0x17);
  ASSERT_TRUE(run_until(io, [&] {
    for (int i = 0; i < 100 && client->is_open(); ++i) (void)client->send(message);
    return closed.has_value();
  }));
  EXPECT_EQ(*closed, errc::send_queue_full);
  EXPECT_EQ(client->queued_bytes(), 0u);
}

TEST(TlsContext, UnreadableFilesThrowNamingTheFile) {
  test::TempDir dir("disco-tls");
  test::TestCa ca(dir.path(), "ca");
  const auto node = ca.issue("node", test::reload_uri(std::string(32, '1')));
  const std::string missing = (dir.path() / "missing.pem").string();
  try {
    (void)make_tls_context({node.key_pem, missing, ca.cert_pem(), {}}, TlsRole::client);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  // A key that does not belong to the certificate.
  const auto other = ca.issue("other", test::reload_uri(std::string(32, '2')));
  EXPECT_THROW((void)make_tls_context({other.key_pem, node.cert_pem, ca.cert_pem(), {}}, TlsRole::server),
               std::runtime_error);
  EXPECT_NO_THROW((void)make_tls_context({node.key_pem, node.cert_pem, ca.cert_pem(), {}}, TlsRole::server));
}

}  // namespace
}  // namespace disco::net
