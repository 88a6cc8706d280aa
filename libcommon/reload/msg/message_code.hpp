#pragma once
// Message codes (RFC 6940 s14.8): requests odd, the answer is request + 1, 0xffff is error.

#include <cstdint>
#include <optional>
#include <string_view>

namespace disco::reload::msg {

enum class MessageCode : std::uint16_t {
  probe_req = 0x1,
  probe_ans = 0x2,
  attach_req = 0x3,
  attach_ans = 0x4,
  store_req = 0x7,
  store_ans = 0x8,
  fetch_req = 0x9,
  fetch_ans = 0xa,
  find_req = 0xd,
  find_ans = 0xe,
  join_req = 0xf,
  join_ans = 0x10,
  leave_req = 0x11,
  leave_ans = 0x12,
  update_req = 0x13,
  update_ans = 0x14,
  route_query_req = 0x15,
  route_query_ans = 0x16,
  ping_req = 0x17,
  ping_ans = 0x18,
  stat_req = 0x19,
  stat_ans = 0x1a,
  app_attach_req = 0x1d,
  app_attach_ans = 0x1e,
  config_update_req = 0x21,
  config_update_ans = 0x22,
  exp_a_req = 0x23,
  exp_a_ans = 0x24,
  exp_b_req = 0x25,
  exp_b_ans = 0x26,
  error = 0xffff,
};

// The RFC's name ("store_req"), or nullopt for a code the registry does not assign.
std::optional<std::string_view> message_code_name(std::uint16_t code);
inline bool is_known_message_code(std::uint16_t code) { return message_code_name(code).has_value(); }
inline bool is_request(MessageCode c) { return c != MessageCode::error && (static_cast<std::uint16_t>(c) & 1) == 1; }
inline MessageCode answer_code(MessageCode request) {
  return static_cast<MessageCode>(static_cast<std::uint16_t>(request) + 1);
}

}  // namespace disco::reload::msg
