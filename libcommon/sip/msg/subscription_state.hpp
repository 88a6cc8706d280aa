#pragma once
// Subscription-State (RFC 6665 s8.2.3, s4.1.3):
//   Subscription-State: active;expires=3600
//   Subscription-State: terminated;reason=timeout;retry-after=30

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/params.hpp"

namespace disco::sip {

enum class SubState { active, pending, terminated, extension };

struct SubscriptionState {
  std::string value{"active"};  // substate-value as received: active, pending, terminated, or an extension
  Params params;                // reason, expires, retry-after, generic

  [[nodiscard]] SubState state() const;
  [[nodiscard]] std::optional<std::string_view> reason() const { return param_value(params, "reason"); }
  // Validated by parse_subscription_state() (delta-seconds).
  [[nodiscard]] std::optional<std::uint32_t> expires() const;
  [[nodiscard]] std::optional<std::uint32_t> retry_after() const;
  friend bool operator==(const SubscriptionState&, const SubscriptionState&) = default;
};

// Errors: invalid_subscription_state (substate-value not a token, or expires / retry-after not
// delta-seconds), invalid_param, trailing_characters.
base::result<SubscriptionState, std::error_code> parse_subscription_state(std::string_view value);
std::string to_string(const SubscriptionState& s);

}  // namespace disco::sip
