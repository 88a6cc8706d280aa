#pragma once
// How a request this node originated ended.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "libcommon/base/clock.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/body.hpp"

namespace disco::overlay {

enum class OutcomeStatus : std::uint8_t {
  ok,              // an answer of the request's type arrived
  error_response,  // the responder answered with an ErrorResponse (s6.3.3.1)
  timeout,         // no answer after every transmission (s6.2.1)
  no_route,        // this node has no peer to send it to
  failed,          // could not be built or sent (detail says why)
};

struct Outcome {
  OutcomeStatus status = OutcomeStatus::failed;
  reload::msg::Body answer;                                   // ok and error_response
  std::vector<reload::msg::GenericCertificate> certificates;  // from the answer's SecurityBlock
  reload::NodeId responder;                                   // who signed the answer
  std::size_t hops = 0;                                       // overlay links the answer crossed
  base::Duration rtt{};                                       // first transmission to answer
  int transmissions = 0;
  std::string detail;

  [[nodiscard]] bool ok() const { return status == OutcomeStatus::ok; }
};

using OutcomeHandler = std::function<void(const Outcome&)>;

std::string_view to_string(OutcomeStatus s);

}  // namespace disco::overlay
