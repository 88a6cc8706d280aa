#include "libcommon/sip/dialog/dialog.hpp"

#include <algorithm>
#include <utility>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/errc.hpp"

namespace disco::sip {

namespace {

Error missing(std::string_view header) { return Error{errc::missing_header, std::string(header)}; }

base::result<Uri, Error> contact_uri(const Message& m) {
  auto contacts = parse_contacts(m);
  if (!contacts) return base::failure{contacts.error()};
  if (contacts->wildcard || contacts->addresses.size() != 1) return base::failure{missing("Contact")};
  return contacts->addresses.front().uri;
}

base::result<CSeq, Error> cseq_of(const Message& m) {
  const auto* v = m.find("CSeq");
  if (v == nullptr) return base::failure{missing("CSeq")};
  auto c = parse_cseq(*v);
  if (!c) return base::failure{Error{c.error(), "CSeq"}};
  return *c;
}

}  // namespace

std::optional<DialogId> dialog_id_of(const Message& m) {
  const auto* call_id = m.find("Call-ID");
  auto from = parse_from(m);
  auto to = parse_to(m);
  if (call_id == nullptr || !from || !to || !from->tag() || !to->tag()) return std::nullopt;
  if (m.is_request()) return DialogId{*call_id, std::string(*to->tag()), std::string(*from->tag())};
  return DialogId{*call_id, std::string(*from->tag()), std::string(*to->tag())};
}

namespace {

// The parts of a dialog, each read from the message that defines it: Call-ID and CSeq from
// `request` (the request that creates the dialog), the two parties as given, remote target and
// route set from `peer` (the peer's message). The CSeq number comes back for the caller to place.
base::result<std::pair<Dialog, std::uint32_t>, Error> assemble(const Message& request,
                                                               base::result<NameAddr, Error> local,
                                                               base::result<NameAddr, Error> remote,
                                                               const Message& peer, bool reverse_routes) {
  const auto* call_id = request.find("Call-ID");
  if (call_id == nullptr) return base::failure{missing("Call-ID")};
  if (!local) return base::failure{local.error()};
  if (!remote) return base::failure{remote.error()};
  if (!local->tag() || !remote->tag()) return base::failure{missing("tag")};
  auto target = contact_uri(peer);
  if (!target) return base::failure{target.error()};
  auto routes = parse_route_set(peer, "Record-Route");
  if (!routes) return base::failure{routes.error()};
  auto cseq = cseq_of(request);
  if (!cseq) return base::failure{cseq.error()};
  Dialog d;
  d.id = {*call_id, std::string(*local->tag()), std::string(*remote->tag())};
  d.local = std::move(*local);
  d.remote = std::move(*remote);
  d.remote_target = std::move(*target);
  if (reverse_routes) {
    d.route_set.assign(routes->rbegin(), routes->rend());
  } else {
    d.route_set = std::move(*routes);
  }
  return std::pair{std::move(d), cseq->number};
}

}  // namespace

base::result<Dialog, Error> dialog_from_response(const Message& request, const Message& response) {
  auto parts = assemble(request, parse_from(request), parse_to(response), response, true);
  if (!parts) return base::failure{parts.error()};
  parts->first.local_seq = parts->second;
  return std::move(parts->first);
}

base::result<Dialog, Error> dialog_from_notify(const Message& subscribe, const Message& notify) {
  // The NOTIFY is the peer's request: its Record-Route is already in our order.
  auto parts = assemble(subscribe, parse_from(subscribe), parse_from(notify), notify, false);
  if (!parts) return base::failure{parts.error()};
  parts->first.local_seq = parts->second;
  return std::move(parts->first);
}

base::result<Dialog, Error> dialog_from_request(const Message& request, std::string local_tag) {
  auto local = parse_to(request);
  if (local) set_param(local->params, "tag", std::move(local_tag));
  auto parts = assemble(request, std::move(local), parse_from(request), request, false);
  if (!parts) return base::failure{parts.error()};
  // s12.1.1: the remote sequence number is the request's; our own is empty until we send one.
  parts->first.remote_seq = parts->second;
  parts->first.local_seq = 0;
  return std::move(parts->first);
}

Message Dialog::make_request(std::string_view method) {
  Message m;
  RequestLine line;
  line.method = std::string(method);
  std::vector<NameAddr> routes = route_set;
  if (!routes.empty() && !routes.front().uri.lr()) {
    // Strict routing (s12.2.1.1): the first route becomes the Request-URI, the remote target goes
    // last into Route.
    line.uri = to_string(routes.front().uri);
    routes.erase(routes.begin());
    NameAddr target;
    target.uri = remote_target;
    routes.push_back(target);
  } else {
    line.uri = to_string(remote_target);
  }
  m.start = line;
  for (const auto& r : routes) m.add("Route", to_string(r));
  m.add("Max-Forwards", "70");
  m.add("From", to_string(local));
  m.add("To", to_string(remote));
  m.add("Call-ID", id.call_id);
  m.add("CSeq", to_string(CSeq{++local_seq, std::string(method)}));
  return m;
}

base::result<bool, Error> Dialog::accept_request(const Message& request, bool target_refresh) {
  auto cseq = cseq_of(request);
  if (!cseq) return base::failure{cseq.error()};
  if (remote_seq && cseq->number <= *remote_seq) return false;  // out of order: 500 (s12.2.2)
  remote_seq = cseq->number;
  if (target_refresh && request.has("Contact")) {
    auto target = contact_uri(request);
    if (!target) return base::failure{target.error()};
    remote_target = *target;
  }
  return true;
}

}  // namespace disco::sip
