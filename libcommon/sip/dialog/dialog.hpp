#pragma once
// Dialog state (RFC 3261 s12): identity, sequence numbers, route set and remote target, created on
// the UAC side from a 2xx (s12.1.2) or, for subscriptions, from a NOTIFY (RFC 6665 s4.1.2.4), and on
// the UAS side from a request (s12.1.1); and in-dialog request construction (s12.2.1.1).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/uri.hpp"

namespace disco::sip {

struct DialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  friend auto operator<=>(const DialogId&, const DialogId&) = default;
};

struct Dialog {
  DialogId id;
  std::uint32_t local_seq = 0;              // CSeq of our last request in the dialog
  std::optional<std::uint32_t> remote_seq;  // "empty" until the peer sends a request (s12.1.2)
  NameAddr local;                           // our From in requests we send (tag included)
  NameAddr remote;                          // their To in requests we send (tag included)
  Uri remote_target;                        // Contact of the peer: the Request-URI we use
  std::vector<NameAddr> route_set;          // in the order requests traverse it

  // s12.2.1.1: Request-URI, Route (loose routing when the first route has ;lr, strict otherwise),
  // From/To/Call-ID, CSeq = ++local_seq. Via and Contact are the caller's (they name transports).
  Message make_request(std::string_view method);

  // s12.2.2: a request in this dialog must carry a higher CSeq than the last one (else 500); the
  // first one sets remote_seq. A target refresh request (NOTIFY in RFC 6665 s4.1.3, re-INVITE)
  // updates the remote target from its Contact.
  base::result<bool, Error> accept_request(const Message& request, bool target_refresh);
};

// UAC side: `request` is what we sent (From carries our tag), `response` a 2xx with a To tag. The
// route set is the 2xx's Record-Route reversed (s12.1.2).
base::result<Dialog, Error> dialog_from_response(const Message& request, const Message& response);
// UAC side for RFC 6665 s4.1.2.4: the NOTIFY may arrive before the 2xx and creates the dialog; it is
// a request from the peer, so its Record-Route is taken in order, its From tag is the remote tag.
base::result<Dialog, Error> dialog_from_notify(const Message& subscribe, const Message& notify);
// UAS side (s12.1.1): `local_tag` is the To tag we put in our response.
base::result<Dialog, Error> dialog_from_request(const Message& request, std::string local_tag);

// The dialog a message belongs to, seen from our side: for a request we received, local tag = To
// tag; for a response, local tag = From tag. nullopt when a tag is missing.
std::optional<DialogId> dialog_id_of(const Message& m);

}  // namespace disco::sip
