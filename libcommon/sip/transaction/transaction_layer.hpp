#pragma once
// The RFC 3261 s17 transaction layer, sans-I/O (DESIGN.md): it owns no socket and no timer. The
// runtime feeds it messages, timer expiries and transport failures with the current time, performs
// the Send actions, arms one timer at next_deadline(), and hands the other actions to the
// transaction user (TU: UA core or proxy core).
//
//   layer.on_message(parse_message(datagram).value(), from, clock.now());
//   for (Action& a : layer.take_actions()) std::visit(handler, a);
//   if (auto t = layer.next_deadline()) timer.arm(*t);  // then layer.on_timer(clock.now())

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/transaction/actions.hpp"
#include "libcommon/sip/transaction/client_invite.hpp"
#include "libcommon/sip/transaction/client_non_invite.hpp"
#include "libcommon/sip/transaction/peer.hpp"
#include "libcommon/sip/transaction/server_invite.hpp"
#include "libcommon/sip/transaction/server_non_invite.hpp"
#include "libcommon/sip/transaction/timers.hpp"

namespace disco::sip {

class TransactionLayer {
 public:
  // Throws std::invalid_argument for an unusable config (see check()).
  explicit TransactionLayer(TimerConfig config = {});

  // Starts a client transaction, INVITE or non-INVITE by method (s17.1), and emits its first Send.
  // The request must carry a top Via with an RFC 3261 branch (s8.1.1.7) that no live client
  // transaction of this method uses, and a CSeq whose method is the request's; a CANCEL reuses
  // its INVITE's branch (s9.1) and is a transaction of its own. ACK has no client transaction
  // (s17.1): send it with send_stateless(). Breaking these is a TU bug: std::invalid_argument.
  TransactionId send_request(Message request, Peer to, base::TimePoint now);

  // Passes the TU's response to the server transaction `server` (s17.2.1, s17.2.2), which sends it
  // to the peer the request came from. Returns false, sending nothing, when that transaction has
  // ended (timer, transport error) or is past its final response. Not a response, a status code
  // outside 100-699, or a client transaction's id: std::invalid_argument.
  bool send_response(TransactionId server, Message response, base::TimePoint now);

  // Emits a Send outside any transaction: the ACK for a 2xx and the retransmissions of a 2xx to
  // INVITE, both the UA core's (s13.2.2.4, s13.3.1.4), and stateless answers.
  void send_stateless(Message message, Peer to);

  // A message from the transport layer, already parsed. Validates it (validate(), s8.2), matches it
  // to a transaction (s17.1.3, s17.2.3) and absorbs retransmissions, or creates a server
  // transaction for a new request. See actions.hpp for what the TU gets.
  void on_message(Message message, Peer from, base::TimePoint now);

  // Fires every timer due at or before `now`, in time order across transactions, each as if it had
  // fired on time: a late call replays what it missed.
  void on_timer(base::TimePoint now);
  // The earliest timer of any transaction; nullopt when there is nothing to wait for.
  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;

  // The transport gave up on `peer` (s17.1.4, s17.2.4; call it after any RFC 3263 fallback has
  // failed too). Every transaction bound to that peer whose state has a "Transport Err." transition
  // in Figures 5-8 reports TransportError and ends.
  void on_transport_error(const Peer& peer, base::TimePoint now);

  // The actions emitted since the last call, in order.
  [[nodiscard]] Actions take_actions();

  // Live transactions (terminated ones are destroyed at once, s17.1.1.2, s17.2.1).
  [[nodiscard]] std::size_t size() const { return transactions_.size(); }
  [[nodiscard]] bool contains(TransactionId id) const { return transactions_.contains(id); }
  // nullopt once the transaction has ended.
  [[nodiscard]] std::optional<TransactionState> state(TransactionId id) const;
  [[nodiscard]] const TimerConfig& config() const { return config_; }

 private:
  // s17.1.3 and s17.2.3 for RFC 3261 branches: branch, sent-by of the top Via, and method (ACK
  // folded into INVITE on the server side). Branches compare exactly, as the magic cookie does;
  // the sent-by host case-insensitively, its port as written.
  struct Key {
    std::string branch;
    std::string host;
    std::optional<std::uint16_t> port;
    std::string method;
    friend auto operator<=>(const Key&, const Key&) = default;
    friend bool operator==(const Key&, const Key&) = default;
  };
  using Machine = std::variant<ClientInvite, ClientNonInvite, ServerInvite, ServerNonInvite>;
  using Index = std::map<Key, TransactionId>;
  struct Entry {
    Machine machine;
    Key key;
    std::optional<base::TimePoint> scheduled;  // this transaction's entry in deadlines_
  };

  static std::optional<Key> key_of(const Message& m, std::string_view method);
  void on_request(Message request, Peer from, base::TimePoint now);
  void on_response(Message response, Peer from, base::TimePoint now);
  [[nodiscard]] std::optional<TransactionId> find_cancelled(const Key& cancel) const;
  void add(TransactionId id, Key key, Machine machine);
  // Re-files the transaction's deadline after a state change, or destroys it once terminated.
  void settle(TransactionId id);

  TimerConfig config_;
  std::uint64_t next_id_ = 1;
  std::map<TransactionId, Entry> transactions_;
  Index client_index_;
  Index server_index_;
  std::set<std::pair<base::TimePoint, TransactionId>> deadlines_;
  Actions actions_;
};

}  // namespace disco::sip
