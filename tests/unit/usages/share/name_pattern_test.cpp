// RFC 8076 s5.1, s5.3 variable resource name patterns.
#include "libcommon/usages/share/name_pattern.hpp"

#include <gtest/gtest.h>

namespace disco::share {
namespace {

constexpr const char* example = ".*-conf-$USER@$DOMAIN";

TEST(ShareNamePattern, TheRfcExampleTiesTheNameToTheUser) {
  EXPECT_TRUE(name_matches(example, "team-conf-alice@example.org", "alice@example.org"));
  EXPECT_TRUE(name_matches(example, "-conf-alice@example.org", "alice@example.org"));
  EXPECT_FALSE(name_matches(example, "team-conf-alice@example.org", "bob@example.org"));
  EXPECT_FALSE(name_matches(example, "team-conf-alice@example.net", "alice@example.org"));
  EXPECT_FALSE(name_matches(example, "team-conf-alice@example.org.evil", "alice@example.org"));  // whole match
  EXPECT_FALSE(name_matches(example, "team-conf-xalice@example.org", "alice@example.org"));
  EXPECT_FALSE(name_matches(example, "alice@example.org", "alice@example.org"));
}

TEST(ShareNamePattern, UserNamesAreLiteralsNotRegularExpressions) {
  // '.' in the user name matches only '.', not any character.
  EXPECT_TRUE(name_matches(example, "a-conf-a.b@x.org", "a.b@x.org"));
  EXPECT_FALSE(name_matches(example, "a-conf-aXb@x.org", "a.b@x.org"));
  EXPECT_FALSE(name_matches(example, "a-conf-aXb@xYorg", "a.b@x.org"));
  EXPECT_EQ(instantiate_pattern(example, "a+b@(x)"), ".*-conf-a\\+b@\\(x\\)");
  EXPECT_EQ(instantiate_pattern(example, "no-at-sign"), "");
}

TEST(ShareNamePattern, PatternsThatBreakTheRulesMatchNothing) {
  EXPECT_TRUE(pattern_problem(".*-$USER"));              // no $DOMAIN
  EXPECT_TRUE(pattern_problem("$USER@$DOMAIN-$USER"));   // $USER twice
  EXPECT_TRUE(pattern_problem(".*$USER@$DOMAIN"));       // no delimiter: EVE could block STEVE
  EXPECT_TRUE(pattern_problem("(-conf-$USER@$DOMAIN"));  // does not compile
  EXPECT_TRUE(pattern_problem(std::string(300, 'a') + "$USER@$DOMAIN"));
  EXPECT_FALSE(pattern_problem(example));
  EXPECT_FALSE(pattern_problem("$USER@$DOMAIN"));
  EXPECT_FALSE(name_matches(".*$USER@$DOMAIN", "steve@x", "eve@x"));
  EXPECT_FALSE(name_matches(".*$USER@$DOMAIN", "eve@x", "eve@x"));
}

TEST(ShareNamePattern, HugeInputNeverReachesTheRegexEngine) {
  const std::string long_name = std::string(5000, 'a') + "-conf-alice@example.org";
  EXPECT_FALSE(name_matches(example, long_name, "alice@example.org"));
  EXPECT_FALSE(name_matches(example, "a-conf-alice@example.org", std::string(300, 'a') + "@example.org"));
  // A backtracking-heavy pattern on the longest allowed name ends (and does not match).
  const std::string nasty = "(a|aa)*(a|aa)*-conf-$USER@$DOMAIN";
  EXPECT_FALSE(name_matches(nasty, std::string(1000, 'a') + "b-conf-u@d", "u@d"));
}

TEST(ShareNamePattern, AnyOfSeveralPatterns) {
  const std::vector<std::string> patterns{"conf-$USER@$DOMAIN", "room-[0-9]+-$USER@$DOMAIN"};
  EXPECT_TRUE(name_matches_any(patterns, "room-42-bob@x", "bob@x"));
  EXPECT_TRUE(name_matches_any(patterns, "conf-bob@x", "bob@x"));
  EXPECT_FALSE(name_matches_any(patterns, "room-x-bob@x", "bob@x"));
}

}  // namespace
}  // namespace disco::share
