#include "libcommon/cli/tool.hpp"

#include <gtest/gtest.h>

#include "libcommon/cli/completions.hpp"
#include "libcommon/cli/render.hpp"

namespace disco::cli {
namespace {

struct Fixture {
  CLI::App app{"Watch a thing", "thing-watch"};
  CommonOptions common;
  std::string target;
  int expires = 600;
  Fixture() {
    add_common_options(app, common, "thing-watch 1.2.3");
    app.add_option("TARGET", target, "What to watch")->required();
    app.add_option("--expires", expires, "Subscription duration in seconds");
  }
  int run(std::vector<const char*> args) {
    args.insert(args.begin(), "thing-watch");
    return cli::run(app, common, static_cast<int>(args.size()), args.data(), [] { return 42; });
  }
};

TEST(Tool, ParsesAndRunsTheBody) {
  Fixture f;
  EXPECT_EQ(f.run({"sip:conf@example.org", "--expires", "60", "--json"}), 42);
  EXPECT_EQ(f.target, "sip:conf@example.org");
  EXPECT_EQ(f.expires, 60);
  EXPECT_TRUE(f.common.json());
}

TEST(Tool, UsageErrorsAreExitCodeTwoAndHelpIsZero) {
  EXPECT_EQ(Fixture().run({"--no-such-flag", "x"}), exit_usage);
  EXPECT_EQ(Fixture().run({}), exit_usage);  // TARGET is required
  EXPECT_EQ(Fixture().run({"x", "--expires", "soon"}), exit_usage);
  EXPECT_EQ(Fixture().run({"x", "--json", "--text"}), exit_usage);
  testing::internal::CaptureStdout();
  EXPECT_EQ(Fixture().run({"--help"}), exit_success);
  EXPECT_EQ(Fixture().run({"--version"}), exit_success);
  const auto out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("--expires"), std::string::npos);
  EXPECT_NE(out.find("thing-watch 1.2.3"), std::string::npos);
}

TEST(Tool, GenerateWorksWithoutTheRequiredArguments) {
  Fixture f;
  testing::internal::CaptureStdout();
  EXPECT_EQ(f.run({"--generate", "options"}), exit_success);
  EXPECT_NE(testing::internal::GetCapturedStdout().find("--expires"), std::string::npos);
}

TEST(Tool, TextWhenForced) {
  Fixture f;
  EXPECT_EQ(f.run({"x", "--text"}), 42);
  EXPECT_FALSE(f.common.json());
}

TEST(Tool, ExceptionsAreInternalErrors) {
  Fixture f;
  const char* args[] = {"thing-watch", "x"};
  testing::internal::CaptureStderr();
  EXPECT_EQ(cli::run(f.app, f.common, 2, args, []() -> int { throw std::runtime_error("boom"); }), exit_internal);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("boom"), std::string::npos);
}

TEST(Completions, ComeFromTheOptionDefinitions) {
  Fixture f;
  const auto bash = bash_completion(f.app);
  EXPECT_NE(bash.find("--expires"), std::string::npos);
  EXPECT_NE(bash.find("complete -o default -F _thing_watch thing-watch"), std::string::npos);
  const auto fish = fish_completion(f.app);
  EXPECT_NE(fish.find("complete -c thing-watch -l expires -r -d 'Subscription duration in seconds'"),
            std::string::npos);
  EXPECT_NE(fish.find("-l json -d"), std::string::npos);
  const auto zsh = zsh_completion(f.app);
  EXPECT_NE(zsh.find("'--expires[Subscription duration in seconds]:value:'"), std::string::npos);
  const auto list = option_list(f.app);
  EXPECT_NE(list.find("--expires\n"), std::string::npos);
  EXPECT_NE(list.find("-v\n"), std::string::npos);
  EXPECT_EQ(list.find("--generate"), std::string::npos);  // hidden
  EXPECT_EQ(fish.find("-l generate"), std::string::npos);
}

}  // namespace
}  // namespace disco::cli

namespace disco::cli {
namespace {

TEST(Render, JsonAndTextComeFromTheSameObject) {
  nlohmann::ordered_json e;
  e["time"] = "2026-11-22T12:00:01.250Z";
  e["event"] = "endpoint_changed";
  e["conference"] = "sip:c@example.org";
  e["version"] = 3;
  e["user"] = "sip:bob@example.org";
  e["fields"] = {{"status", "connected"}, {"display-text", "Bob B"}, {"gone", nullptr}};
  EXPECT_EQ(render_json(e),
            R"({"time":"2026-11-22T12:00:01.250Z","event":"endpoint_changed","conference":"sip:c@example.org",)"
            R"("version":3,"user":"sip:bob@example.org","fields":{"status":"connected","display-text":"Bob B",)"
            R"("gone":null}})");
  EXPECT_EQ(
      render_text(e),
      R"(12:00:01.250 endpoint_changed     version=3 user=sip:bob@example.org status=connected display-text="Bob B" gone=-)");
}

}  // namespace
}  // namespace disco::cli
