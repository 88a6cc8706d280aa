#include "libcommon/sip/msg/via.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/list.hpp"

namespace disco::sip {

namespace {

bool valid_host(std::string_view h) {
  if (h.empty()) return false;
  if (h.front() == '[') {
    if (h.size() < 4 || h.back() != ']') return false;
    for (char c : h.substr(1, h.size() - 2))
      if (!grammar::is_hex(c) && c != ':' && c != '.') return false;
    return true;
  }
  if (h.front() == '.' || h.front() == '-') return false;
  for (char c : h)
    if (!grammar::is_alnum(c) && c != '-' && c != '.') return false;
  return true;
}

// received = IPv4address / IPv6address; RFC 5118 s4.5 asks to accept an IPv6 reference too.
bool valid_address(std::string_view a) {
  if (a.empty()) return false;
  if (a.front() == '[') return valid_host(a);
  for (char c : a)
    if (!grammar::is_hex(c) && c != ':' && c != '.') return false;
  return true;
}

std::error_code check_params(const Params& params) {
  for (const GenericParam& p : params) {
    const std::string_view v = p.value ? std::string_view(*p.value) : std::string_view{};
    if (grammar::iequals(p.name, "branch")) {
      if (!p.value || p.quoted || !grammar::is_token(v)) return errc::invalid_param;
    } else if (grammar::iequals(p.name, "ttl")) {
      if (!p.value || !grammar::parse_uint(v, 255) || v.size() > 3) return errc::invalid_param;
    } else if (grammar::iequals(p.name, "received")) {
      if (!p.value || !valid_address(v)) return errc::invalid_param;
    } else if (grammar::iequals(p.name, "maddr")) {
      if (!p.value || !valid_host(v)) return errc::invalid_param;
    } else if (grammar::iequals(p.name, "rport")) {
      if (p.value && !grammar::parse_uint(v, 65535)) return errc::invalid_param;
    }
  }
  return {};
}

}  // namespace

std::optional<std::uint8_t> Via::ttl() const {
  const auto v = param_value(params, "ttl");
  if (!v) return std::nullopt;
  const auto n = grammar::parse_uint(*v, 255);
  if (!n) return std::nullopt;
  return static_cast<std::uint8_t>(*n);
}

std::optional<std::uint16_t> Via::rport() const {
  const auto v = param_value(params, "rport");
  if (!v) return std::nullopt;
  const auto n = grammar::parse_uint(*v, 65535);
  if (!n) return std::nullopt;
  return static_cast<std::uint16_t>(*n);
}

base::result<Via, std::error_code> parse_via(std::string_view element) {
  const auto fail = [](errc e) { return base::failure{make_error_code(e)}; };
  grammar::Cursor c(element);
  c.skip_lws();
  Via v;
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport
  v.protocol_name = std::string(c.token());
  if (v.protocol_name.empty() || !c.eat_separator('/')) return fail(errc::invalid_via);
  v.protocol_version = std::string(c.token());
  if (v.protocol_version.empty() || !c.eat_separator('/')) return fail(errc::invalid_via);
  v.transport = std::string(c.token());
  if (v.transport.empty() || !c.skip_lws()) return fail(errc::invalid_via);

  // sent-by = host [ COLON port ]
  std::string_view host;
  if (c.peek() == '[') {
    host = c.take_while([](char ch) { return ch != ']'; });
    if (!c.eat(']')) return fail(errc::invalid_host);
    host = element.substr(static_cast<std::size_t>(host.data() - element.data()), host.size() + 1);
  } else {
    host = c.take_while([](char ch) { return grammar::is_alnum(ch) || ch == '-' || ch == '.'; });
  }
  if (!valid_host(host)) return fail(errc::invalid_host);
  v.host = std::string(host);
  if (c.eat_separator(':')) {
    auto port = grammar::parse_uint(c.take_while(grammar::is_digit), 65535);
    if (!port) return fail(errc::invalid_port);
    v.port = static_cast<std::uint16_t>(*port);
  }
  if (auto ec = detail::parse_header_params(c, v.params)) return base::failure{ec};
  c.skip_lws();
  if (!c.done()) return fail(c.peek() == ';' ? errc::invalid_param : errc::trailing_characters);
  if (auto ec = check_params(v.params)) return base::failure{ec};
  return v;
}

std::string to_string(const Via& v) {
  std::string out = v.protocol_name;
  out += '/';
  out += v.protocol_version;
  out += '/';
  out += v.transport;
  out += ' ';
  out += v.host;
  if (v.port) {
    out += ':';
    out += std::to_string(*v.port);
  }
  append_header_params(out, v.params);
  return out;
}

base::result<std::vector<Via>, Error> parse_vias(const Message& m) {
  auto values = list_values(m, "Via");
  if (!values) return base::failure{values.error()};
  std::vector<Via> out;
  out.reserve(values->size());
  for (std::string_view e : *values) {
    auto v = parse_via(e);
    if (!v) return base::failure{Error{v.error(), "Via"}};
    out.push_back(std::move(*v));
  }
  return out;
}

bool is_rfc3261_branch(std::string_view branch) {
  return branch.size() > magic_cookie.size() && branch.substr(0, magic_cookie.size()) == magic_cookie;
}

}  // namespace disco::sip
