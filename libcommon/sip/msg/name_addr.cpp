#include "libcommon/sip/msg/name_addr.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/header_names.hpp"
#include "libcommon/sip/msg/list.hpp"

namespace disco::sip {

base::result<NameAddr, std::error_code> parse_name_addr(std::string_view value, AddrForm form) {
  const auto fail = [](errc e) { return base::failure{make_error_code(e)}; };
  grammar::Cursor c(value);
  c.skip_lws();
  NameAddr a;
  bool bracketed = false;
  if (c.peek() == '"') {
    auto name = grammar::read_quoted_string(c);
    if (!name) return base::failure{name.error()};
    a.display_name = std::move(*name);
    c.skip_lws();
    if (c.peek() != '<') return fail(errc::invalid_display_name);
    bracketed = true;
  } else {
    // display-name = *(token LWS): read tokens until something else shows which form this is.
    const std::size_t from = c.pos();
    std::size_t last_token_end = from;
    std::size_t tokens = 0;
    for (;;) {
      if (c.token().empty()) break;
      ++tokens;
      last_token_end = c.pos();
      c.skip_lws();
    }
    if (c.peek() == '<') {
      if (tokens > 0) a.display_name = std::string(value.substr(from, last_token_end - from));
      bracketed = true;
    } else if (c.peek() == ':' && tokens == 1 && c.pos() == last_token_end) {
      // "scheme:" - an addr-spec; rewind and read the URI.
      grammar::Cursor again(value);
      again.skip_lws();
      c = again;
    } else {
      return fail(errc::invalid_display_name);
    }
  }

  if (bracketed) {
    c.advance();  // '<'
    const std::string_view rest = c.rest();
    const auto close = rest.find('>');
    if (close == std::string_view::npos) return fail(errc::unterminated_angle);
    auto uri = parse_uri(rest.substr(0, close));
    if (!uri) return base::failure{uri.error()};
    a.uri = std::move(*uri);
    c.advance(close + 1);
  } else {
    if (form == AddrForm::name_addr) return fail(errc::unterminated_angle);
    // s20.10: an addr-spec ends at the first ';' (header parameters follow) and cannot hold '?' or ','.
    const std::string_view uri_text =
        c.take_while([](char ch) { return ch != ';' && ch != '\r' && !grammar::is_wsp(ch); });
    if (uri_text.find_first_of("?,") != std::string_view::npos) return fail(errc::uri_needs_angle_brackets);
    auto uri = parse_uri(uri_text);
    if (!uri) return base::failure{uri.error()};
    a.uri = std::move(*uri);
  }

  if (auto ec = detail::parse_header_params(c, a.params)) return base::failure{ec};
  c.skip_lws();
  if (!c.done()) return fail(c.peek() == ';' ? errc::invalid_param : errc::trailing_characters);
  return a;
}

std::string to_string(const NameAddr& a) {
  std::string out;
  if (a.display_name) {
    out += grammar::quote(*a.display_name);
    out += ' ';
  }
  out += '<';
  out += to_string(a.uri);
  out += '>';
  append_header_params(out, a.params);
  return out;
}

base::result<ContactList, std::error_code> parse_contact(std::string_view value) {
  ContactList list;
  if (grammar::trim(value) == "*") {
    list.wildcard = true;
    return list;
  }
  auto parts = split_list(value);
  if (!parts) return base::failure{parts.error()};
  for (std::string_view part : *parts) {
    auto a = parse_name_addr(part);
    if (!a) return base::failure{a.error()};
    list.addresses.push_back(std::move(*a));
  }
  return list;
}

std::string to_string(const ContactList& c) {
  if (c.wildcard) return "*";
  std::string out;
  for (const NameAddr& a : c.addresses) {
    if (!out.empty()) out += ", ";
    out += to_string(a);
  }
  return out;
}

namespace {
base::result<NameAddr, Error> parse_single(const Message& m, std::string_view name) {
  const std::string header(canonical_name(name));
  const auto values = m.find_all(name);
  if (values.empty()) return base::failure{Error{make_error_code(errc::missing_header), header}};
  if (values.size() > 1) return base::failure{Error{make_error_code(errc::duplicate_header), header}};
  auto a = parse_name_addr(values.front());
  if (!a) return base::failure{Error{a.error(), header}};
  return std::move(*a);
}
}  // namespace

base::result<NameAddr, Error> parse_from(const Message& m) { return parse_single(m, "From"); }
base::result<NameAddr, Error> parse_to(const Message& m) { return parse_single(m, "To"); }

base::result<ContactList, Error> parse_contacts(const Message& m) {
  ContactList all;
  for (std::string_view value : m.find_all("Contact")) {
    auto list = parse_contact(value);
    if (!list) return base::failure{Error{list.error(), "Contact"}};
    // "*" stands alone (s10.2.2): mixing it with addresses is malformed.
    if (list->wildcard && (all.wildcard || !all.addresses.empty()))
      return base::failure{Error{make_error_code(errc::invalid_uri), "Contact"}};
    if (all.wildcard && !list->addresses.empty())
      return base::failure{Error{make_error_code(errc::invalid_uri), "Contact"}};
    all.wildcard = all.wildcard || list->wildcard;
    for (NameAddr& a : list->addresses) all.addresses.push_back(std::move(a));
  }
  return all;
}

base::result<std::vector<NameAddr>, Error> parse_route_set(const Message& m, std::string_view header_name) {
  const std::string header(canonical_name(header_name));
  auto values = list_values(m, header_name);
  if (!values) return base::failure{values.error()};
  std::vector<NameAddr> out;
  out.reserve(values->size());
  for (std::string_view v : *values) {
    auto a = parse_name_addr(v, AddrForm::name_addr);
    if (!a) return base::failure{Error{a.error(), header}};
    out.push_back(std::move(*a));
  }
  return out;
}

}  // namespace disco::sip
