#include "libcommon/usages/share/name_pattern.hpp"

#include <regex>

#include "libcommon/usages/share/acl_item.hpp"

namespace disco::share {

namespace {

constexpr std::string_view user_var = "$USER";
constexpr std::string_view domain_var = "$DOMAIN";

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Every character POSIX ERE gives a meaning outside brackets (IEEE 1003.1 s9.4.3), escaped.
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string replace_all(std::string text, std::string_view what, std::string_view with) {
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
  return text;
}

// POSIX ERE has no back-references, so libstdc++ can run its breadth-first (Thompson) executor,
// linear in the input for a given pattern, instead of the default backtracking one, which is
// exponential on patterns such as (a|aa)* that a configuration may hold.
#if defined(__GLIBCXX__)
constexpr auto regex_flags = std::regex::extended | std::regex::nosubs | std::regex_constants::__polynomial;
#else
constexpr auto regex_flags = std::regex::extended | std::regex::nosubs;
#endif

// std::regex reports errors by exception; a pattern is compiled here only, so this is the one
// place that catches (config input, not a hostile peer's).
bool compiles(const std::string& re) {
  try {
    std::regex compiled(re, regex_flags);
    (void)compiled;
    return true;
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace

std::optional<std::string> pattern_problem(std::string_view pattern) {
  if (pattern.empty()) return std::string("empty pattern");
  if (pattern.size() > max_pattern_length) return std::string("pattern longer than 256 characters");
  if (count(pattern, user_var) != 1 || count(pattern, domain_var) != 1)
    return std::string("a pattern needs $USER and $DOMAIN, each once (RFC 8076 s5.3)");
  const auto at = pattern.find(user_var);
  if (at > 0 && std::string_view("*+?})].").find(pattern[at - 1]) != std::string_view::npos)
    return std::string("the variable part must be separated from $USER by a fixed delimiter (RFC 8076 s5.1)");
  if (!compiles(instantiate_pattern(pattern, "user@example.org")))
    return std::string("not a POSIX extended regular expression");
  return std::nullopt;
}

std::string instantiate_pattern(std::string_view pattern, std::string_view user) {
  const auto at = user.rfind('@');
  if (at == std::string_view::npos || user.size() > max_user_name_length) return {};
  auto re = replace_all(std::string(pattern), user_var, escape(user.substr(0, at)));
  return replace_all(std::move(re), domain_var, escape(user.substr(at + 1)));
}

bool name_matches(std::string_view pattern, std::string_view resource_name, std::string_view user) {
  if (resource_name.size() > max_resource_name_length || user.size() > max_user_name_length) return false;
  if (pattern_problem(pattern)) return false;
  const auto re = instantiate_pattern(pattern, user);
  if (re.empty()) return false;
  try {
    const std::regex compiled(re, regex_flags);
    return std::regex_match(resource_name.begin(), resource_name.end(), compiled);
  } catch (const std::regex_error&) {
    return false;  // error_complexity / error_stack on a pathological pattern: no match
  }
}

bool name_matches_any(const std::vector<std::string>& patterns, std::string_view resource_name, std::string_view user) {
  std::size_t tried = 0;
  for (const auto& p : patterns) {
    if (++tried > max_patterns) break;
    if (name_matches(p, resource_name, user)) return true;
  }
  return false;
}

}  // namespace disco::share
