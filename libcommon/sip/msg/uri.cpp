#include "libcommon/sip/msg/uri.hpp"

#include <algorithm>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"

namespace disco::sip {

namespace {

using grammar::is_alnum;
using grammar::is_unreserved;

// user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? /
bool is_user_char(char c) {
  return is_unreserved(c) || c == '&' || c == '=' || c == '+' || c == '$' || c == ',' || c == ';' || c == '?' ||
         c == '/';
}
// password = *( unreserved / escaped / & = + $ , )
bool is_password_char(char c) { return is_unreserved(c) || c == '&' || c == '=' || c == '+' || c == '$' || c == ','; }
// paramchar = param-unreserved / unreserved / escaped; param-unreserved = [ ] / : & + $
bool is_param_char(char c) {
  return is_unreserved(c) || c == '[' || c == ']' || c == '/' || c == ':' || c == '&' || c == '+' || c == '$';
}
// hname / hvalue: hnv-unreserved / unreserved / escaped; hnv-unreserved = [ ] / ? : + $
bool is_header_char(char c) {
  return is_unreserved(c) || c == '[' || c == ']' || c == '/' || c == '?' || c == ':' || c == '+' || c == '$';
}
// uric = reserved / unreserved / escaped (absoluteURI's characters, s25.1 via RFC 2396)
bool is_uric(char c) {
  return is_unreserved(c) || c == ';' || c == '/' || c == '?' || c == ':' || c == '@' || c == '&' || c == '=' ||
         c == '+' || c == '$' || c == ',' || c == '%' || c == '[' || c == ']';
}

bool valid_scheme(std::string_view s) {
  if (s.empty() || !grammar::is_alpha(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '+' || c == '-' || c == '.'; });
}

bool valid_ipv6_reference(std::string_view h) {
  if (h.size() < 4 || h.front() != '[' || h.back() != ']') return false;
  const std::string_view inner = h.substr(1, h.size() - 2);
  if (inner.find(':') == std::string_view::npos) return false;
  return std::all_of(inner.begin(), inner.end(), [](char c) { return grammar::is_hex(c) || c == ':' || c == '.'; });
}

// hostname = *( domainlabel "." ) toplabel [ "." ]; IPv4address fits the same characters.
bool valid_hostname(std::string_view h) {
  if (h.empty() || h.front() == '.' || h.front() == '-') return false;
  bool previous_dot = false;
  for (char c : h) {
    if (c == '.') {
      if (previous_dot) return false;
      previous_dot = true;
    } else if (is_alnum(c) || c == '-') {
      previous_dot = false;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

bool Uri::is_sip() const { return grammar::iequals(scheme, "sip") || grammar::iequals(scheme, "sips"); }
bool Uri::is_sips() const { return grammar::iequals(scheme, "sips"); }

base::result<Uri, std::error_code> parse_uri(std::string_view text) {
  const auto fail = [](errc e) { return base::failure{make_error_code(e)}; };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || !valid_scheme(text.substr(0, colon))) return fail(errc::invalid_uri);
  Uri u;
  u.scheme = std::string(text.substr(0, colon));
  std::string_view rest = text.substr(colon + 1);
  if (!u.is_sip()) {
    if (rest.empty() || !std::all_of(rest.begin(), rest.end(), is_uric)) return fail(errc::invalid_uri);
    u.opaque = std::string(rest);
    return u;
  }

  // userinfo: '@' appears nowhere else in a SIP URI (hosts, params and headers escape it).
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const auto pw = userinfo.find(':');
    auto user = grammar::unescape(userinfo.substr(0, pw), is_user_char, make_error_code(errc::invalid_uri));
    if (!user) return base::failure{user.error()};
    if (user->empty()) return fail(errc::invalid_uri);
    u.user = std::move(*user);
    if (pw != std::string_view::npos) {
      auto password = grammar::unescape(userinfo.substr(pw + 1), is_password_char, make_error_code(errc::invalid_uri));
      if (!password) return base::failure{password.error()};
      u.password = std::move(*password);
    }
    rest.remove_prefix(at + 1);
  }

  // hostport = host [ ":" port ]
  std::size_t host_end = 0;
  if (!rest.empty() && rest.front() == '[') {
    host_end = rest.find(']');
    if (host_end == std::string_view::npos) return fail(errc::invalid_host);
    ++host_end;
    if (!valid_ipv6_reference(rest.substr(0, host_end))) return fail(errc::invalid_host);
  } else {
    host_end = std::min(rest.find_first_of(":;?"), rest.size());
    if (!valid_hostname(rest.substr(0, host_end))) return fail(errc::invalid_host);
  }
  u.host = std::string(rest.substr(0, host_end));
  rest.remove_prefix(host_end);
  if (!rest.empty() && rest.front() == ':') {
    const auto port_end = std::min(rest.find_first_of(";?"), rest.size());
    auto port = grammar::parse_uint(rest.substr(1, port_end - 1), 65535);
    if (!port) return fail(errc::invalid_port);
    u.port = static_cast<std::uint16_t>(*port);
    rest.remove_prefix(port_end);
  }

  // uri-parameters = *( ";" uri-parameter ); uri-parameter = pname [ "=" pvalue ]
  while (!rest.empty() && rest.front() == ';') {
    rest.remove_prefix(1);
    const auto end = std::min(rest.find_first_of(";?"), rest.size());
    const std::string_view param = rest.substr(0, end);
    rest.remove_prefix(end);
    const auto eq = param.find('=');
    auto name = grammar::unescape(param.substr(0, eq), is_param_char, make_error_code(errc::invalid_param));
    if (!name) return base::failure{name.error()};
    if (name->empty()) return fail(errc::invalid_param);
    GenericParam p{std::move(*name), std::nullopt, false};
    if (eq != std::string_view::npos) {
      auto value = grammar::unescape(param.substr(eq + 1), is_param_char, make_error_code(errc::invalid_param));
      if (!value) return base::failure{value.error()};
      if (value->empty()) return fail(errc::invalid_param);
      p.value = std::move(*value);
    }
    u.params.push_back(std::move(p));
  }

  // headers = "?" header *( "&" header ); header = hname "=" hvalue
  if (!rest.empty() && rest.front() == '?') {
    rest.remove_prefix(1);
    for (;;) {
      const auto end = std::min(rest.find('&'), rest.size());
      const std::string_view header = rest.substr(0, end);
      const auto eq = header.find('=');
      if (eq == std::string_view::npos) return fail(errc::invalid_uri);
      auto name = grammar::unescape(header.substr(0, eq), is_header_char, make_error_code(errc::invalid_uri));
      if (!name) return base::failure{name.error()};
      auto value = grammar::unescape(header.substr(eq + 1), is_header_char, make_error_code(errc::invalid_uri));
      if (!value) return base::failure{value.error()};
      if (name->empty()) return fail(errc::invalid_uri);
      u.headers.push_back({std::move(*name), std::move(*value)});
      if (end == rest.size()) {
        rest = {};
        break;
      }
      rest.remove_prefix(end + 1);
    }
  }
  if (!rest.empty()) return fail(errc::invalid_uri);
  return u;
}

std::string to_string(const Uri& u) {
  std::string out = u.scheme;
  out += ':';
  if (!u.is_sip()) return out + u.opaque;
  if (u.user) {
    out += grammar::escape(*u.user, is_user_char);
    if (u.password) {
      out += ':';
      out += grammar::escape(*u.password, is_password_char);
    }
    out += '@';
  }
  out += u.host;
  if (u.port) {
    out += ':';
    out += std::to_string(*u.port);
  }
  for (const GenericParam& p : u.params) {
    out += ';';
    out += grammar::escape(p.name, is_param_char);
    if (p.value) {
      out += '=';
      out += grammar::escape(*p.value, is_param_char);
    }
  }
  for (std::size_t i = 0; i < u.headers.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += grammar::escape(u.headers[i].name, is_header_char);
    out += '=';
    out += grammar::escape(u.headers[i].value, is_header_char);
  }
  return out;
}

bool equivalent(const Uri& a, const Uri& b) {
  if (!a.is_sip() || !b.is_sip()) return grammar::iequals(a.scheme, b.scheme) && a.opaque == b.opaque;
  if (a.is_sips() != b.is_sips()) return false;
  if (a.user != b.user || a.password != b.password || a.port != b.port) return false;
  if (!grammar::iequals(a.host, b.host)) return false;
  // uri-parameters: any appearing in both must match (case-insensitively); user, ttl, method and
  // maddr must appear in both or neither.
  const auto params_match = [](const Uri& x, const Uri& y) {
    for (const GenericParam& p : x.params) {
      const GenericParam* q = find_param(y.params, p.name);
      if (q == nullptr) {
        for (std::string_view strict : {"user", "ttl", "method", "maddr"})
          if (grammar::iequals(p.name, strict)) return false;
        continue;
      }
      if (p.value.has_value() != q->value.has_value()) return false;
      if (p.value && !grammar::iequals(*p.value, *q->value)) return false;
    }
    return true;
  };
  if (!params_match(a, b) || !params_match(b, a)) return false;
  // Headers are never ignored: the same set on both sides.
  if (a.headers.size() != b.headers.size()) return false;
  for (const UriHeader& h : a.headers) {
    const bool found = std::any_of(b.headers.begin(), b.headers.end(), [&](const UriHeader& g) {
      return grammar::iequals(g.name, h.name) && g.value == h.value;
    });
    if (!found) return false;
  }
  return true;
}

}  // namespace disco::sip
