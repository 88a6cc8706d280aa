#include "libcommon/sip/msg/params.hpp"

#include <algorithm>

#include "libcommon/sip/msg/errc.hpp"

namespace disco::sip {

const GenericParam* find_param(const Params& params, std::string_view name) {
  for (const GenericParam& p : params)
    if (grammar::iequals(p.name, name)) return &p;
  return nullptr;
}

bool has_param(const Params& params, std::string_view name) { return find_param(params, name) != nullptr; }

std::optional<std::string_view> param_value(const Params& params, std::string_view name) {
  const GenericParam* p = find_param(params, name);
  if (p == nullptr || !p->value) return std::nullopt;
  return std::string_view(*p->value);
}

void set_param(Params& params, std::string_view name, std::optional<std::string> value) {
  for (GenericParam& p : params) {
    if (grammar::iequals(p.name, name)) {
      p.value = std::move(value);
      p.quoted = false;
      return;
    }
  }
  params.push_back({std::string(name), std::move(value), false});
}

std::size_t erase_params(Params& params, std::string_view name) {
  const auto before = params.size();
  params.erase(std::remove_if(params.begin(), params.end(),
                              [&](const GenericParam& p) { return grammar::iequals(p.name, name); }),
               params.end());
  return before - params.size();
}

namespace {
// Characters of a bare gen-value: token, plus what a host needs (':' '[' ']' for IPv6).
bool is_value_char(char c) { return grammar::is_token_char(c) || c == ':' || c == '[' || c == ']'; }

bool bare_value_ok(std::string_view v) { return !v.empty() && std::all_of(v.begin(), v.end(), is_value_char); }
}  // namespace

void append_header_params(std::string& out, const Params& params) {
  for (const GenericParam& p : params) {
    out += ';';
    out += p.name;
    if (!p.value) continue;
    out += '=';
    if (p.quoted || !bare_value_ok(*p.value)) {
      out += grammar::quote(*p.value);
    } else {
      out += *p.value;
    }
  }
}

namespace detail {

std::error_code parse_header_params(grammar::Cursor& c, Params& out) {
  while (c.eat_separator(';')) {
    GenericParam p;
    p.name = std::string(c.token());
    if (p.name.empty()) return errc::invalid_param;
    if (c.eat_separator('=')) {
      if (c.peek() == '"') {
        auto v = grammar::read_quoted_string(c);
        if (!v) return v.error();
        p.value = std::move(*v);
        p.quoted = true;
      } else {
        const std::string_view v = c.take_while(is_value_char);
        if (v.empty()) return errc::invalid_param;
        p.value = std::string(v);
      }
    }
    out.push_back(std::move(p));
  }
  return {};
}

}  // namespace detail

}  // namespace disco::sip
