#pragma once
// RFC 6665 s8.2.1 Event and s8.2.2 Allow-Events (compact forms o and u):
//   Event: conference;id=1234       Allow-Events: conference, presence
// event-type = event-package *( "." event-template ); each part a token without '.'.

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/msg/params.hpp"

namespace disco::sip {

struct Event {
  std::string type;  // "conference", "presence.winfo"; compared byte for byte (RFC 6665 s8.2.1)
  Params params;

  // The id parameter that tells subscriptions in one dialog apart (RFC 6665 s8.2.1, s4.5.2).
  [[nodiscard]] std::optional<std::string_view> id() const { return param_value(params, "id"); }
  friend bool operator==(const Event&, const Event&) = default;
};

bool is_event_type(std::string_view s);

// Errors: invalid_event, invalid_param, trailing_characters.
base::result<Event, std::error_code> parse_event(std::string_view value);
std::string to_string(const Event& e);

// One Allow-Events field value: a comma-separated list of event types.
base::result<std::vector<std::string>, std::error_code> parse_allow_events(std::string_view value);
std::string to_string(const std::vector<std::string>& allow_events);
// Every Allow-Events field of the message.
base::result<std::vector<std::string>, Error> parse_allow_events(const Message& m);

}  // namespace disco::sip
