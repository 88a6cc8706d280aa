// The control socket end to end: a ControlServer on an io_context running in a thread, and the
// tools' blocking ControlClient in the test thread, over a real Unix-domain socket in a temp dir.
#include "libcommon/net/control_server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libcommon/control/client.hpp"

namespace disco::net {
namespace {

using namespace std::chrono_literals;
using control::ControlClient;
using control::ErrorCode;
using control::Op;
using nlohmann::json;

class ControlServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "disco-ctl-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "run" / "reload-node.sock").string();
  }

  void TearDown() override {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Listens on path_ with a handler that answers by op:
  //   status: at once; ping: after 50 ms on a timer; stat: not_found;
  //   find: twice (only the first counts); fetch: kept in held_ and never answered by the handler.
  void start(ControlServer::Limits limits = {}) {
    auto s = ControlServer::listen(
        io_, path_, [this](control::Request req, ControlReply reply) { handle(req, reply); }, limits);
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(*s);
    thread_ = std::thread([this] { io_.run(); });
  }

  void stop() {
    if (thread_.joinable()) {
      boost::asio::post(io_, [this] { server_.reset(); });
      work_.reset();
      io_.stop();
      thread_.join();
    }
    server_.reset();
  }

  void handle(const control::Request& req, const ControlReply& reply) {
    switch (req.op) {
      case Op::status: reply.ok({{"state", "up"}, {"id", req.id}}); break;
      case Op::ping: {
        auto timer = std::make_shared<boost::asio::steady_timer>(io_, 50ms);
        timer->async_wait([timer, reply](const boost::system::error_code&) { reply.ok({{"rtt_ms", 50}}); });
        break;
      }
      case Op::stat: reply.error(ErrorCode::not_found, "nothing stored under that resource"); break;
      case Op::find:
        reply.ok({{"first", true}});
        reply.ok({{"first", false}});
        break;
      case Op::fetch: {
        std::lock_guard lock(mutex_);
        held_.push_back(reply);
        held_cv_.notify_all();
        break;
      }
      default: reply.error(ErrorCode::internal, "not in this test"); break;
    }
  }

  ControlClient connect() {
    auto c = ControlClient::connect(path_, 5s);
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  // Runs `f` on the io thread and waits for its result.
  template <class F>
  auto on_io(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
  }

  void wait_for_held(std::size_t n) {
    std::unique_lock lock(mutex_);
    ASSERT_TRUE(held_cv_.wait_for(lock, 5s, [&] { return held_.size() >= n; }));
  }

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{io_.get_executor()};
  std::thread thread_;
  std::unique_ptr<ControlServer> server_;
  std::filesystem::path dir_;
  std::string path_;
  std::mutex mutex_;
  std::condition_variable held_cv_;
  std::vector<ControlReply> held_;
};

TEST_F(ControlServerTest, AnswersACallAtOnce) {
  start();
  auto client = connect();
  auto first = client.call(Op::status, json::object(), 5s);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ((*first)["state"], "up");
  EXPECT_EQ((*first)["id"], 1);
  auto second = client.call(Op::status, json::object(), 5s);
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)["id"], 2);  // ids count up per client
}

TEST_F(ControlServerTest, AnswersACallLaterFromATimer) {
  start();
  auto client = connect();
  auto answer = client.call(Op::ping, {{"destination", "r"}}, 5s);
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_EQ((*answer)["rtt_ms"], 50);
}

TEST_F(ControlServerTest, WritesAnswersInCompletionOrder) {
  start();
  auto client = connect();
  ASSERT_TRUE(client.send_raw(control::encode_request(1, Op::ping) + control::encode_request(2, Op::status), 5s));
  auto a = client.read_answer(5s);
  auto b = client.read_answer(5s);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, 2U);
  EXPECT_EQ(b->id, 1U);
}

TEST_F(ControlServerTest, NodeErrorsComeBackWithTheNodesCodeAndMessage) {
  start();
  auto client = connect();
  auto answer = client.call(Op::stat, {{"resource", "r"}, {"kind", 1}}, 5s);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::not_found);
  EXPECT_EQ(answer.error().message, "nothing stored under that resource");
}

TEST_F(ControlServerTest, MalformedLineGetsAnErrorAndTheConnectionStaysOpen) {
  start();
  auto client = connect();
  ASSERT_TRUE(client.send_raw("this is not json\n", 5s));
  auto a = client.read_answer(5s);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->id, 0U);
  ASSERT_FALSE(a->outcome);
  EXPECT_EQ(a->outcome.error().code, ErrorCode::bad_request);

  ASSERT_TRUE(
      client.send_raw("\n  \r\n{\"v\":1,\"id\":77,\"op\":\"reboot\"}\n{\"v\":3,\"id\":78,\"op\":\"status\"}\n", 5s));
  auto unknown = client.read_answer(5s);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->id, 77U);  // blank lines were skipped, and the id was readable
  EXPECT_EQ(unknown->outcome.error().code, ErrorCode::unknown_op);
  auto version = client.read_answer(5s);
  ASSERT_TRUE(version);
  EXPECT_EQ(version->id, 78U);
  EXPECT_EQ(version->outcome.error().code, ErrorCode::unsupported_version);

  auto ok = client.call(Op::status, json::object(), 5s);
  EXPECT_TRUE(ok) << ok.error().message;
}

TEST_F(ControlServerTest, TooLongLineGetsAnErrorAndTheConnectionCloses) {
  start();
  auto client = connect();
  // No newline: the server must not wait for one beyond 64 KiB.
  (void)client.send_raw(std::string(control::max_request_line + 1000, 'a'), 5s);
  auto a = client.read_answer(5s);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->id, 0U);
  EXPECT_EQ(a->outcome.error().code, ErrorCode::bad_request);
  EXPECT_NE(a->outcome.error().message.find("longer than 65536"), std::string::npos);
  auto after = client.read_answer(5s);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::unreachable);
  // The server itself is fine.
  auto other = connect();
  EXPECT_TRUE(other.call(Op::status, json::object(), 5s));
}

TEST_F(ControlServerTest, ReplyCountsOnlyOnce) {
  start();
  auto client = connect();
  auto answer = client.call(Op::find, json::object(), 5s);
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["first"], true);
  // No second answer is waiting on the connection.
  auto extra = client.read_answer(200ms);
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().code, ErrorCode::timeout);
}

TEST_F(ControlServerTest, ClientGoneWhileAReplyIsPendingIsHarmless) {
  start();
  {
    auto client = connect();
    ASSERT_TRUE(client.send_raw(control::encode_request(1, Op::fetch), 5s));
    wait_for_held(1);
  }  // the client hangs up with its fetch unanswered
  for (int i = 0; i < 500 && on_io([this] { return server_->connection_count(); }) != 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(on_io([this] { return server_->connection_count(); }), 0U);
  held_[0].ok({{"late", true}});  // from this thread, after the client left: a no-op
  held_[0].ok({{"later", true}});
  EXPECT_EQ(held_[0].id(), 1U);
  auto client = connect();
  EXPECT_TRUE(client.call(Op::status, json::object(), 5s));
}

TEST_F(ControlServerTest, ReplyFromAnotherThreadReachesTheClient) {
  start();
  auto client = connect();
  std::thread replier([this] {
    wait_for_held(1);
    held_[0].ok({{"from", "thread"}});
  });
  auto answer = client.call(Op::fetch, json::object(), 5s);
  replier.join();
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_EQ((*answer)["from"], "thread");
}

TEST_F(ControlServerTest, SocketIsMode0600InADirectoryMode0700) {
  start();
  struct stat st {};
  ASSERT_EQ(::lstat(path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  ASSERT_EQ(::lstat((dir_ / "run").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
}

TEST_F(ControlServerTest, SocketFileIsRemovedOnClose) {
  start();
  ASSERT_TRUE(std::filesystem::exists(path_));
  on_io([this] {
    server_->close();
    return 0;
  });
  EXPECT_FALSE(std::filesystem::exists(path_));
  auto c = ControlClient::connect(path_, 1s);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::unreachable);
}

TEST_F(ControlServerTest, StaleSocketFileIsReplaced) {
  std::filesystem::create_directories(dir_ / "run");
  std::filesystem::permissions(dir_ / "run", std::filesystem::perms::owner_all);
  // A socket file nobody listens on, as a crashed node leaves behind.
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path_.copy(addr.sun_path, path_.size());
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  ::close(fd);
  ASSERT_TRUE(std::filesystem::is_socket(path_));
  start();
  auto client = connect();
  EXPECT_TRUE(client.call(Op::status, json::object(), 5s));
}

TEST_F(ControlServerTest, SecondServerOnTheSamePathIsRefused) {
  start();
  auto second = ControlServer::listen(io_, path_, [](control::Request, ControlReply) {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(), "another node is using " + path_);
  // The first one still answers on its socket.
  auto client = connect();
  EXPECT_TRUE(client.call(Op::status, json::object(), 5s));
}

TEST_F(ControlServerTest, AFileThatIsNotASocketIsLeftAlone) {
  std::filesystem::create_directories(dir_ / "run");
  std::filesystem::permissions(dir_ / "run", std::filesystem::perms::owner_all);
  std::ofstream(path_) << "precious";
  auto s = ControlServer::listen(io_, path_, [](control::Request, ControlReply) {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("not a socket"), std::string::npos);
  std::ifstream in(path_);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST_F(ControlServerTest, ParentWritableByOthersIsRefused) {
  std::filesystem::create_directories(dir_ / "run");
  std::filesystem::permissions(dir_ / "run", std::filesystem::perms::all);
  auto s = ControlServer::listen(io_, path_, [](control::Request, ControlReply) {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("writable by group or others"), std::string::npos);
}

TEST_F(ControlServerTest, ConnectionsBeyondTheLimitAreTurnedAway) {
  ControlServer::Limits limits;
  limits.max_connections = 1;
  start(limits);
  auto first = connect();
  ASSERT_TRUE(first.call(Op::status, json::object(), 5s));
  auto second = connect();
  auto refused = second.call(Op::status, json::object(), 5s);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::refused);
  EXPECT_NE(refused.error().message.find("too many"), std::string::npos);
  EXPECT_TRUE(first.call(Op::status, json::object(), 5s));
}

TEST_F(ControlServerTest, PipelinedRequestsBeyondMaxPendingWaitTheirTurn) {
  ControlServer::Limits limits;
  limits.max_pending = 2;
  start(limits);
  auto client = connect();
  std::string burst;
  for (std::uint64_t id = 1; id <= 20; ++id) burst += control::encode_request(id, Op::ping);
  ASSERT_TRUE(client.send_raw(burst, 5s));
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 20; ++i) {
    auto a = client.read_answer(5s);
    ASSERT_TRUE(a) << a.error().message;
    ids.push_back(a->id);
  }
  std::sort(ids.begin(), ids.end());
  for (std::uint64_t id = 1; id <= 20; ++id) EXPECT_EQ(ids[id - 1], id);
}

}  // namespace
}  // namespace disco::net
