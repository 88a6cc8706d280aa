#include "libcommon/sip/dialog/dialog.hpp"

#include <algorithm>

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

base::result<Dialog, Error> dialog_from_response(const Message& request, const Message& response) {
  Dialog d;
  const auto* call_id = request.find("Call-ID");
  if (call_id == nullptr) return base::failure{missing("Call-ID")};
  auto from = parse_from(request);
  if (!from) return base::failure{from.error()};
  auto to = parse_to(response);
  if (!to) return base::failure{to.error()};
  if (!from->tag() || !to->tag()) return base::failure{missing("tag")};
  auto target = contact_uri(response);
  if (!target) return base::failure{target.error()};
  auto routes = parse_route_set(response, "Record-Route");
  if (!routes) return base::failure{routes.error()};
  auto cseq = cseq_of(request);
  if (!cseq) return base::failure{cseq.error()};
  d.id = {*call_id, std::string(*from->tag()), std::string(*to->tag())};
  d.local = *from;
  d.remote = *to;
  d.remote_target = *target;
  d.route_set.assign(routes->rbegin(), routes->rend());
  d.local_seq = cseq->number;
  return d;
}

base::result<Dialog, Error> dialog_from_notify(const Message& subscribe, const Message& notify) {
  Dialog d;
  const auto* call_id = subscribe.find("Call-ID");
  if (call_id == nullptr) return base::failure{missing("Call-ID")};
  auto ours = parse_from(subscribe);
  if (!ours) return base::failure{ours.error()};
  auto theirs = parse_from(notify);
  if (!theirs) return base::failure{theirs.error()};
  if (!ours->tag() || !theirs->tag()) return base::failure{missing("tag")};
  auto target = contact_uri(notify);
  if (!target) return base::failure{target.error()};
  auto routes = parse_route_set(notify, "Record-Route");
  if (!routes) return base::failure{routes.error()};
  auto cseq = cseq_of(subscribe);
  if (!cseq) return base::failure{cseq.error()};
  d.id = {*call_id, std::string(*ours->tag()), std::string(*theirs->tag())};
  d.local = *ours;
  d.remote = *theirs;
  d.remote_target = *target;
  d.route_set = *routes;
  d.local_seq = cseq->number;
  return d;
}

base::result<Dialog, Error> dialog_from_request(const Message& request, std::string local_tag) {
  Dialog d;
  const auto* call_id = request.find("Call-ID");
  if (call_id == nullptr) return base::failure{missing("Call-ID")};
  auto from = parse_from(request);
  if (!from) return base::failure{from.error()};
  auto to = parse_to(request);
  if (!to) return base::failure{to.error()};
  if (!from->tag()) return base::failure{missing("tag")};
  auto target = contact_uri(request);
  if (!target) return base::failure{target.error()};
  auto routes = parse_route_set(request, "Record-Route");
  if (!routes) return base::failure{routes.error()};
  auto cseq = cseq_of(request);
  if (!cseq) return base::failure{cseq.error()};
  d.id = {*call_id, local_tag, std::string(*from->tag())};
  d.local = *to;
  set_param(d.local.params, "tag", std::move(local_tag));
  d.remote = *from;
  d.remote_target = *target;
  d.route_set = *routes;
  d.remote_seq = cseq->number;
  // s12.1.1: the UAS's local sequence number is empty; ours starts from a fresh value on first use.
  d.local_seq = 0;
  return d;
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
