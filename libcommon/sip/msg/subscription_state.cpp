#include "libcommon/sip/msg/subscription_state.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/scalar_headers.hpp"

namespace disco::sip {

namespace {
std::optional<std::uint32_t> seconds(const Params& params, std::string_view name) {
  const auto v = param_value(params, name);
  if (!v) return std::nullopt;
  auto n = parse_delta_seconds(*v);
  if (!n) return std::nullopt;
  return *n;
}
}  // namespace

SubState SubscriptionState::state() const {
  if (grammar::iequals(value, "active")) return SubState::active;
  if (grammar::iequals(value, "pending")) return SubState::pending;
  if (grammar::iequals(value, "terminated")) return SubState::terminated;
  return SubState::extension;
}

std::optional<std::uint32_t> SubscriptionState::expires() const { return seconds(params, "expires"); }
std::optional<std::uint32_t> SubscriptionState::retry_after() const { return seconds(params, "retry-after"); }

base::result<SubscriptionState, std::error_code> parse_subscription_state(std::string_view value) {
  const auto fail = [](errc e) { return base::failure{make_error_code(e)}; };
  grammar::Cursor c(value);
  c.skip_lws();
  SubscriptionState s;
  s.value = std::string(c.token());
  if (s.value.empty()) return fail(errc::invalid_subscription_state);
  if (auto ec = detail::parse_header_params(c, s.params)) return base::failure{ec};
  c.skip_lws();
  if (!c.done()) return fail(errc::trailing_characters);
  for (std::string_view name : {"expires", "retry-after"}) {
    const GenericParam* p = find_param(s.params, name);
    if (p != nullptr && (!p->value || !parse_delta_seconds(*p->value))) return fail(errc::invalid_subscription_state);
  }
  return s;
}

std::string to_string(const SubscriptionState& s) {
  std::string out = s.value;
  append_header_params(out, s.params);
  return out;
}

}  // namespace disco::sip
