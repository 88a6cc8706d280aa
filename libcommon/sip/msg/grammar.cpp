#include "libcommon/sip/msg/grammar.hpp"

#include "libcommon/sip/msg/errc.hpp"

namespace disco::sip::grammar {

bool is_token_char(char c) {
  if (is_alnum(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '!':
    case '%':
    case '*':
    case '_':
    case '+':
    case '`':
    case '\'':
    case '~': return true;
    default: return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_token_char(c)) return false;
  return true;
}

bool is_unreserved(char c) {
  if (is_alnum(c)) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')': return true;
    default: return false;
  }
}

bool is_word_char(char c) {
  if (is_token_char(c)) return true;
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '{':
    case '}': return true;
    default: return false;
  }
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (max - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

bool Cursor::skip_lws() {
  const std::size_t from = pos_;
  for (;;) {
    if (!done() && is_wsp(s_[pos_])) {
      ++pos_;
    } else if (pos_ + 2 < s_.size() && s_[pos_] == '\r' && s_[pos_ + 1] == '\n' && is_wsp(s_[pos_ + 2])) {
      pos_ += 3;
    } else {
      break;
    }
  }
  return pos_ != from;
}

bool Cursor::eat_separator(char c) {
  const std::size_t from = pos_;
  skip_lws();
  if (!eat(c)) {
    pos_ = from;
    return false;
  }
  skip_lws();
  return true;
}

base::result<std::string, std::error_code> read_quoted_string(Cursor& c) {
  if (!c.eat('"')) return base::failure{make_error_code(errc::unterminated_quote)};
  std::string out;
  while (!c.done()) {
    const char ch = c.peek();
    c.advance();
    if (ch == '"') return out;
    if (ch == '\\') {
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      if (c.done()) break;
      const char escaped = c.peek();
      if (escaped == '\r' || escaped == '\n' || static_cast<unsigned char>(escaped) > 0x7f)
        return base::failure{make_error_code(errc::unterminated_quote)};
      out += escaped;
      c.advance();
      continue;
    }
    if (ch == '\r' || ch == '\n') {
      // Only a line fold (s7.3.1) may break a quoted-string; it reads as one SP, as after unfolding.
      if (ch == '\r' && c.eat('\n') && is_wsp(c.peek())) {
        c.take_while(is_wsp);
        out += ' ';
        continue;
      }
      return base::failure{make_error_code(errc::unterminated_quote)};
    }
    out += ch;
  }
  return base::failure{make_error_code(errc::unterminated_quote)};
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n') {
      out += ' ';
    } else if (c == '"' || c == '\\' || (u < 0x20 && c != '\t') || u == 0x7f) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

namespace {
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  return to_lower(c) - 'a' + 10;
}
}  // namespace

base::result<std::string, std::error_code> unescape(std::string_view s, CharClass allowed, std::error_code bad) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return base::failure{make_error_code(errc::invalid_escape)};
      if (!is_hex(s[i + 1]) || !is_hex(s[i + 2])) return base::failure{make_error_code(errc::invalid_escape)};
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (allowed(c)) {
      out += c;
    } else {
      return base::failure{bad};
    }
  }
  return out;
}

std::string escape(std::string_view s, CharClass allowed) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '%' && allowed(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += digits[u >> 4];
      out += digits[u & 0x0f];
    }
  }
  return out;
}

}  // namespace disco::sip::grammar
