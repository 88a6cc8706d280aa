// The tools' client without a node: where it looks, and what a tool is told when nothing is there.
// (tests/unit/net/control_server_test.cpp runs it against a real server.)
#include "libcommon/control/client.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <optional>
#include <string>

namespace disco::control {
namespace {

using namespace std::chrono_literals;

// Sets or unsets one environment variable for a test's duration.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = ::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ControlClient, DefaultPathUsesXdgRuntimeDir) {
  ScopedEnv env("XDG_RUNTIME_DIR", "/run/user/1000");
  EXPECT_EQ(default_control_path(), "/run/user/1000/disco/reload-node.sock");
}

TEST(ControlClient, DefaultPathFallsBackToTmpPerUser) {
  const std::string fallback = "/tmp/disco-" + std::to_string(::getuid()) + "/reload-node.sock";
  {
    ScopedEnv env("XDG_RUNTIME_DIR", nullptr);
    EXPECT_EQ(default_control_path(), fallback);
  }
  {
    ScopedEnv env("XDG_RUNTIME_DIR", "relative/dir");  // not absolute: ignored, as the XDG spec says
    EXPECT_EQ(default_control_path(), fallback);
  }
}

TEST(ControlClient, NoNodeIsUnreachableAndSaysHowToStartOne) {
  const std::string path = "/tmp/disco-test-no-such-dir-" + std::to_string(::getpid()) + "/reload-node.sock";
  auto c = ControlClient::connect(path, 1s);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::unreachable);
  EXPECT_NE(c.error().message.find(path), std::string::npos);
  EXPECT_NE(c.error().message.find("reload-node run"), std::string::npos);
  EXPECT_EQ(exit_code_for(c.error().code), 3);
}

TEST(ControlClient, PathTooLongForSunPathIsRefused) {
  auto c = ControlClient::connect("/tmp/" + std::string(200, 'x'), 1s);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::bad_request);
  EXPECT_FALSE(ControlClient::connect("", 1s));
}

}  // namespace
}  // namespace disco::control
