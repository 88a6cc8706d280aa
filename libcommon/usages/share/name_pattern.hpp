#pragma once
// Variable resource names (RFC 8076 s5.1, s5.3): a kind-block may allow Resource Names other than
// the signer's user name, when they match one of the configured patterns with $USER and $DOMAIN
// replaced by the two halves of a user name ("alice@example.org" -> "alice", "example.org").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace disco::share {

// Bounds that keep the regex engine (backtracking, recursive) on small input: patterns come from
// the configuration, names and user names from hostile peers.
inline constexpr std::size_t max_pattern_length = 256;
inline constexpr std::size_t max_patterns = 16;
inline constexpr std::size_t max_user_name_length = 256;

// Checks a pattern against s5.3: both $USER and $DOMAIN present, each once, $USER before $DOMAIN
// is not required; the variable part must stay separated from $USER (the character before $USER,
// if any, must be a literal, not '*', '+', '?', '}', ')', ']' or '.'), and the pattern with its
// variables replaced must compile as a POSIX extended regular expression. nullopt when it passes,
// else what is wrong.
std::optional<std::string> pattern_problem(std::string_view pattern);

// The regular expression a pattern becomes for one user: $USER and $DOMAIN replaced by the user
// name's halves (split at the last '@'), each with every ERE special character escaped. Empty when
// the user name has no '@' or is too long.
std::string instantiate_pattern(std::string_view pattern, std::string_view user);

// Whether `resource_name` matches `pattern` for `user` as a whole (not a substring), with the
// POSIX extended grammar. False for anything over the bounds above and for a pattern that does not
// pass pattern_problem().
bool name_matches(std::string_view pattern, std::string_view resource_name, std::string_view user);

// Whether any of `patterns` matches.
bool name_matches_any(const std::vector<std::string>& patterns, std::string_view resource_name, std::string_view user);

}  // namespace disco::share
