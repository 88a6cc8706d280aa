#pragma once
// What the transaction layer asks of its surroundings (DESIGN.md "Sans-I/O"): the runtime performs
// every Send, the transaction user (UA core or proxy core, RFC 3261 s17) handles the rest.

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/transaction/peer.hpp"
#include "libcommon/sip/transaction/timers.hpp"

namespace disco::sip {

// Names one transaction for its whole life. Never reused by a layer, so a stale id held by the TU
// after the transaction ended cannot reach another one.
struct TransactionId {
  std::uint64_t value = 0;
  friend auto operator<=>(const TransactionId&, const TransactionId&) = default;
  friend bool operator==(const TransactionId&, const TransactionId&) = default;
};

// The states of Figures 5-8. Calling belongs to the client INVITE machine, Trying to the non-INVITE
// machines, Confirmed to the server INVITE machine. A terminated transaction is destroyed at once
// (s17.1.1.2, s17.1.2.2, s17.2.1, s17.2.2), so the layer never reports that state.
enum class TransactionState { calling, trying, proceeding, completed, confirmed, terminated };
std::string_view to_string(TransactionState s);

// Pass `message` to the transport layer for `to` (s18). Retransmissions are Sends too.
struct Send {
  Peer to;
  Message message;
  friend bool operator==(const Send&, const Send&) = default;
};

// A new request; the TU answers it with TransactionLayer::send_response(server, ...). A
// retransmission never produces this twice (s17.2.1, s17.2.2).
struct RequestReceived {
  TransactionId server;
  Message request;
  Peer from;
  // For a CANCEL: the server transaction it names, found as s9.2 says (the s17.2.3 rules with any
  // method but CANCEL and ACK), while that transaction exists. Empty for other methods.
  std::optional<TransactionId> cancels;
  friend bool operator==(const RequestReceived&, const RequestReceived&) = default;
};

// A response the TU must see: every provisional in Calling/Trying/Proceeding (s17.1.1.2,
// s17.1.2.2), the first final response, and for INVITE any 2xx (each one needs the UAC core's ACK,
// s13.2.2.4). Retransmitted non-2xx finals are absorbed.
struct ResponseReceived {
  TransactionId client;
  Message response;
  friend bool operator==(const ResponseReceived&, const ResponseReceived&) = default;
};

// Timer B or F: the request went unanswered; the TU acts as on a 408 (s8.1.3.1). Timer H: the ACK
// for a 300-699 response never came (s17.2.1, "transaction failure"). The transaction is gone.
struct TransactionTimeout {
  TransactionId id;
  Timer timer = Timer::b;
  friend bool operator==(const TransactionTimeout&, const TransactionTimeout&) = default;
};

// The transport could not reach this transaction's peer (s17.1.4, s17.2.4); the transaction is gone.
// A client's TU treats it as a 503 (s8.1.3.1).
struct TransportError {
  TransactionId id;
  friend bool operator==(const TransportError&, const TransportError&) = default;
};

// A response that matches no client transaction (s17.1.1.2 last paragraph): a retransmitted 2xx to
// INVITE, which a UAC core acknowledges again and a proxy core forwards (s13.2.2.4, s16.7), or
// anything late or foreign.
struct StrayResponse {
  Message response;
  Peer from;
  friend bool operator==(const StrayResponse&, const StrayResponse&) = default;
};

// An ACK that matches no INVITE server transaction: the ACK for a 2xx, which is its own end-to-end
// exchange (s17 introduction, s17.2.3 last paragraph, s13.3.1.4), or a late ACK. It creates no
// server transaction and must not be answered.
struct StrayAck {
  Message ack;
  Peer from;
  friend bool operator==(const StrayAck&, const StrayAck&) = default;
};

// A message the layer cannot act on: it failed validate() (s8.1.1, s8.2), or it is a request whose
// top Via branch lacks the RFC 3261 magic cookie (see errc.hpp: RFC 2543 matching is not
// implemented). The TU answers requests with response_to_invalid(message, why, tag) (a 400 or a
// 505); responses and ACKs get no answer (s18.3, s17.1.1.3).
struct InvalidMessage {
  Message message;
  Peer from;
  Error why;
  friend bool operator==(const InvalidMessage&, const InvalidMessage&) = default;
};

using Action = std::variant<Send, RequestReceived, ResponseReceived, TransactionTimeout, TransportError, StrayResponse,
                            StrayAck, InvalidMessage>;
using Actions = std::vector<Action>;

}  // namespace disco::sip
