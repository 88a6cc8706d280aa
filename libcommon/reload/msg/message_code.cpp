#include "libcommon/reload/msg/message_code.hpp"

namespace disco::reload::msg {

std::optional<std::string_view> message_code_name(std::uint16_t code) {
  switch (static_cast<MessageCode>(code)) {
    case MessageCode::probe_req: return "probe_req";
    case MessageCode::probe_ans: return "probe_ans";
    case MessageCode::attach_req: return "attach_req";
    case MessageCode::attach_ans: return "attach_ans";
    case MessageCode::store_req: return "store_req";
    case MessageCode::store_ans: return "store_ans";
    case MessageCode::fetch_req: return "fetch_req";
    case MessageCode::fetch_ans: return "fetch_ans";
    case MessageCode::find_req: return "find_req";
    case MessageCode::find_ans: return "find_ans";
    case MessageCode::join_req: return "join_req";
    case MessageCode::join_ans: return "join_ans";
    case MessageCode::leave_req: return "leave_req";
    case MessageCode::leave_ans: return "leave_ans";
    case MessageCode::update_req: return "update_req";
    case MessageCode::update_ans: return "update_ans";
    case MessageCode::route_query_req: return "route_query_req";
    case MessageCode::route_query_ans: return "route_query_ans";
    case MessageCode::ping_req: return "ping_req";
    case MessageCode::ping_ans: return "ping_ans";
    case MessageCode::stat_req: return "stat_req";
    case MessageCode::stat_ans: return "stat_ans";
    case MessageCode::app_attach_req: return "app_attach_req";
    case MessageCode::app_attach_ans: return "app_attach_ans";
    case MessageCode::config_update_req: return "config_update_req";
    case MessageCode::config_update_ans: return "config_update_ans";
    case MessageCode::exp_a_req: return "exp_a_req";
    case MessageCode::exp_a_ans: return "exp_a_ans";
    case MessageCode::exp_b_req: return "exp_b_req";
    case MessageCode::exp_b_ans: return "exp_b_ans";
    case MessageCode::error: return "error";
  }
  return std::nullopt;
}

}  // namespace disco::reload::msg
