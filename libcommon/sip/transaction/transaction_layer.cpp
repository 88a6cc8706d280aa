#include "libcommon/sip/transaction/transaction_layer.hpp"

#include <stdexcept>
#include <vector>

#include "libcommon/base/overloaded.hpp"
#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/validate.hpp"
#include "libcommon/sip/msg/via.hpp"
#include "libcommon/sip/transaction/errc.hpp"

namespace disco::sip {

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <class Machine>
bool is_client(const Machine& m) {
  return std::holds_alternative<ClientInvite>(m) || std::holds_alternative<ClientNonInvite>(m);
}

std::optional<CSeq> cseq_of(const Message& m) {
  const std::string* field = m.find("CSeq");
  if (field == nullptr) return std::nullopt;
  auto cseq = parse_cseq(*field);
  if (!cseq) return std::nullopt;
  return std::move(*cseq);
}

}  // namespace

std::optional<TransactionLayer::Key> TransactionLayer::key_of(const Message& m, std::string_view method) {
  auto vias = parse_vias(m);
  if (!vias || vias->empty()) return std::nullopt;
  const Via& top = vias->front();
  const auto branch = top.branch();
  // Without the magic cookie the branch is not unique (s17.2.3), so it cannot key a transaction.
  if (!branch || !is_rfc3261_branch(*branch)) return std::nullopt;
  return Key{std::string(*branch), lowercase(top.host), top.port, std::string(method)};
}

TransactionLayer::TransactionLayer(TimerConfig config) : config_(config) { check(config_); }

TransactionId TransactionLayer::send_request(Message request, Peer to, base::TimePoint now) {
  const RequestLine* line = request.request_line();
  if (line == nullptr) throw std::invalid_argument("send_request: not a request");
  const std::string method = line->method;
  if (method == "ACK") throw std::invalid_argument("send_request: ACK has no client transaction (RFC 3261 s17.1)");
  const auto cseq = cseq_of(request);
  if (!cseq || cseq->method != method)
    throw std::invalid_argument("send_request: CSeq missing or naming another method");
  auto key = key_of(request, method);
  if (!key) throw std::invalid_argument("send_request: the top Via needs an RFC 3261 branch (s8.1.1.7)");
  if (client_index_.contains(*key)) throw std::invalid_argument("send_request: branch in use by a live transaction");

  const TransactionId id{next_id_++};
  Machine machine =
      method == "INVITE"
          ? Machine{std::in_place_type<ClientInvite>, id, std::move(request), std::move(to), config_, now, actions_}
          : Machine{std::in_place_type<ClientNonInvite>, id, std::move(request), std::move(to), config_, now, actions_};
  add(id, std::move(*key), std::move(machine));
  return id;
}

bool TransactionLayer::send_response(TransactionId server, Message response, base::TimePoint now) {
  const StatusLine* status = response.status_line();
  if (status == nullptr) throw std::invalid_argument("send_response: not a response");
  if (status->code < 100 || status->code > 699) throw std::invalid_argument("send_response: status code not 100-699");
  const auto it = transactions_.find(server);
  if (it == transactions_.end()) return false;
  const bool accepted =
      std::visit(base::overloaded{
                     [&](ServerInvite& m) { return m.on_tu_response(std::move(response), now, actions_); },
                     [&](ServerNonInvite& m) { return m.on_tu_response(std::move(response), now, actions_); },
                     [](auto&) -> bool { throw std::invalid_argument("send_response: a client transaction's id"); },
                 },
                 it->second.machine);
  settle(server);
  return accepted;
}

void TransactionLayer::send_stateless(Message message, Peer to) {
  actions_.emplace_back(Send{std::move(to), std::move(message)});
}

void TransactionLayer::on_message(Message message, Peer from, base::TimePoint now) {
  // Matching reads the top Via and CSeq, and the TU relies on To, From and Call-ID: check them all
  // once here rather than trust them piecemeal (s8.2, s18.3).
  if (auto why = validate(message)) {
    actions_.emplace_back(InvalidMessage{std::move(message), std::move(from), std::move(*why)});
    return;
  }
  if (message.is_request())
    on_request(std::move(message), std::move(from), now);
  else
    on_response(std::move(message), std::move(from), now);
}

void TransactionLayer::on_response(Message response, Peer from, base::TimePoint now) {
  // s17.1.3: branch and CSeq method. The sent-by in the key also drops responses whose top Via is
  // not ours, which s18.1.2 asks the transport to discard.
  const auto cseq = cseq_of(response);
  const auto key = key_of(response, cseq->method);
  const auto found = key ? client_index_.find(*key) : client_index_.end();
  if (found == client_index_.end()) {
    actions_.emplace_back(StrayResponse{std::move(response), std::move(from)});
    return;
  }
  const TransactionId id = found->second;
  std::visit(base::overloaded{
                 [&](ClientInvite& m) { m.on_response(std::move(response), now, actions_); },
                 [&](ClientNonInvite& m) { m.on_response(std::move(response), now, actions_); },
                 [](auto&) {},
             },
             transactions_.at(id).machine);
  settle(id);
}

void TransactionLayer::on_request(Message request, Peer from, base::TimePoint now) {
  const std::string method = request.request_line()->method;
  const bool ack = method == "ACK";
  // s17.2.3 rule 3: an ACK belongs to the INVITE's transaction.
  const auto key = key_of(request, ack ? "INVITE" : method);
  if (!key) {
    if (ack) {
      actions_.emplace_back(StrayAck{std::move(request), std::move(from)});
    } else {
      Error why{transaction::make_error_code(transaction::errc::no_rfc3261_branch), "Via"};
      actions_.emplace_back(InvalidMessage{std::move(request), std::move(from), std::move(why)});
    }
    return;
  }
  const auto found = server_index_.find(*key);
  if (found != server_index_.end()) {
    const TransactionId id = found->second;
    std::visit(base::overloaded{
                   [&](ServerInvite& m) {
                     if (ack)
                       m.on_ack(now, actions_);
                     else
                       m.on_request_retransmission(actions_);
                   },
                   [&](ServerNonInvite& m) { m.on_request_retransmission(actions_); },
                   [](auto&) {},
               },
               transactions_.at(id).machine);
    settle(id);
    return;
  }
  if (ack) {
    // The ACK for a 2xx carries a branch of its own (s17.1.1.3 applies to non-2xx only), so it
    // lands here; so does an ACK arriving after Timer I.
    actions_.emplace_back(StrayAck{std::move(request), std::move(from)});
    return;
  }
  const std::optional<TransactionId> cancels = method == "CANCEL" ? find_cancelled(*key) : std::nullopt;
  const TransactionId id{next_id_++};
  Machine machine = method == "INVITE" ? Machine{std::in_place_type<ServerInvite>, id, from, config_}
                                       : Machine{std::in_place_type<ServerNonInvite>, id, from, config_};
  add(id, *key, std::move(machine));
  actions_.emplace_back(RequestReceived{id, std::move(request), std::move(from), cancels});
}

std::optional<TransactionId> TransactionLayer::find_cancelled(const Key& cancel) const {
  // s9.2: the s17.2.3 rules as if the CANCEL had any method but CANCEL or ACK. Keys sort by branch
  // and sent-by first, so the candidates sit together.
  for (auto it = server_index_.lower_bound(Key{cancel.branch, cancel.host, cancel.port, {}});
       it != server_index_.end() && it->first.branch == cancel.branch && it->first.host == cancel.host &&
       it->first.port == cancel.port;
       ++it)
    if (it->first.method != "CANCEL") return it->second;
  return std::nullopt;
}

void TransactionLayer::on_timer(base::TimePoint now) {
  // One instant at a time across all transactions, so that actions come out in time order.
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    const auto [at, id] = *deadlines_.begin();
    std::visit([&, at = at](auto& m) { m.on_timer(at, actions_); }, transactions_.at(id).machine);
    settle(id);
  }
}

std::optional<base::TimePoint> TransactionLayer::next_deadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

void TransactionLayer::on_transport_error(const Peer& peer, base::TimePoint /*now*/) {
  std::vector<TransactionId> bound;
  for (const auto& [id, entry] : transactions_)
    if (std::visit([](const auto& m) -> const Peer& { return m.peer(); }, entry.machine) == peer) bound.push_back(id);
  for (const TransactionId id : bound) {
    std::visit([&](auto& m) { m.on_transport_error(actions_); }, transactions_.at(id).machine);
    settle(id);
  }
}

Actions TransactionLayer::take_actions() { return std::exchange(actions_, {}); }

std::optional<TransactionState> TransactionLayer::state(TransactionId id) const {
  const auto it = transactions_.find(id);
  if (it == transactions_.end()) return std::nullopt;
  return std::visit([](const auto& m) { return m.state(); }, it->second.machine);
}

void TransactionLayer::add(TransactionId id, Key key, Machine machine) {
  (is_client(machine) ? client_index_ : server_index_).emplace(key, id);
  transactions_.emplace(id, Entry{std::move(machine), std::move(key), std::nullopt});
  settle(id);
}

void TransactionLayer::settle(TransactionId id) {
  const auto it = transactions_.find(id);
  Entry& entry = it->second;
  const bool terminated =
      std::visit([](const auto& m) { return m.state() == TransactionState::terminated; }, entry.machine);
  const auto next =
      terminated ? std::nullopt : std::visit([](const auto& m) { return m.next_deadline(); }, entry.machine);
  if (entry.scheduled != next) {
    if (entry.scheduled) deadlines_.erase({*entry.scheduled, id});
    if (next) deadlines_.emplace(*next, id);
    entry.scheduled = next;
  }
  if (terminated) {
    // Destroyed at once (s17.1.1.2, s17.1.2.2, s17.2.1, s17.2.2): a later message with the same
    // key is a stray or a new transaction.
    (is_client(entry.machine) ? client_index_ : server_index_).erase(entry.key);
    transactions_.erase(it);
  }
}

}  // namespace disco::sip
