#pragma once
// The character classes and small scanners of RFC 3261 s25.1 that the typed header parsers share.
// Internal to the layer: other layers use the typed parsers, not these.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/result.hpp"

namespace disco::sip::grammar {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
constexpr bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
bool is_token_char(char c);
bool is_token(std::string_view s);
// unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
bool is_unreserved(char c);
// word (Call-ID) = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" /
//   "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}")
bool is_word_char(char c);

char to_lower(char c);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Strips SP, HTAB, CR and LF from both ends.
std::string_view trim(std::string_view s);

// 1*DIGIT, no sign, leading zeros allowed (RFC 4475 s3.1.1.1); nullopt when empty, not all digits
// or above max.
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max);

// A cursor over a header value. LWS (s25.1) is SP/HTAB, optionally after a CRLF, so values that
// still carry their line folds parse the same as unfolded ones.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  [[nodiscard]] bool done() const { return pos_ >= s_.size(); }
  [[nodiscard]] char peek() const { return done() ? '\0' : s_[pos_]; }
  [[nodiscard]] std::string_view rest() const { return s_.substr(pos_); }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  void advance(std::size_t n = 1) { pos_ = pos_ + n > s_.size() ? s_.size() : pos_ + n; }
  // Skips LWS; true when any was skipped.
  bool skip_lws();
  bool eat(char c) {
    if (peek() != c || done()) return false;
    ++pos_;
    return true;
  }
  // LWS c LWS, the shape of SEMI, EQUAL, SLASH, COLON and COMMA.
  bool eat_separator(char c);
  template <class Pred>
  std::string_view take_while(Pred pred) {
    const std::size_t from = pos_;
    while (!done() && pred(s_[pos_])) ++pos_;
    return s_.substr(from, pos_ - from);
  }
  std::string_view token() { return take_while(is_token_char); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// quoted-string (s25.1) at the cursor, which must be at its DQUOTE; returns the content with the
// quoted-pairs resolved. errc::unterminated_quote when the closing DQUOTE is missing.
base::result<std::string, std::error_code> read_quoted_string(Cursor& c);
// The quoted-string for `s`: DQUOTE, '"' and '\' and control characters as quoted-pairs, DQUOTE.
// CR and LF cannot be written as quoted-pairs and become SP.
std::string quote(std::string_view s);

using CharClass = bool (*)(char);
// Resolves %HH escapes (s19.1.2); every other character must satisfy `allowed`.
// errc::invalid_escape for a bad escape, `bad` for a disallowed character.
base::result<std::string, std::error_code> unescape(std::string_view s, CharClass allowed, std::error_code bad);
// Writes characters outside `allowed` (and '%') as %HH.
std::string escape(std::string_view s, CharClass allowed);

}  // namespace disco::sip::grammar
