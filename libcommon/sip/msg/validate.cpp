#include "libcommon/sip/msg/validate.hpp"

#include <string>
#include <variant>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/event.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/header_names.hpp"
#include "libcommon/sip/msg/media_type.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/scalar_headers.hpp"
#include "libcommon/sip/msg/subscription_state.hpp"
#include "libcommon/sip/msg/uri.hpp"
#include "libcommon/sip/msg/via.hpp"

namespace disco::sip {

namespace {

Error error(std::error_code code, std::string_view header) { return Error{code, std::string(header)}; }

// The value of a field that may appear at most once; nullptr when absent.
std::optional<Error> at_most_once(const Message& m, std::string_view name, const std::string** value) {
  *value = nullptr;
  for (const Header& h : m.headers) {
    if (!same_header_name(h.name, name)) continue;
    if (*value != nullptr) return error(errc::duplicate_header, name);
    *value = &h.value;
  }
  return std::nullopt;
}

std::optional<Error> exactly_once(const Message& m, std::string_view name, const std::string** value) {
  if (auto e = at_most_once(m, name, value)) return e;
  if (*value == nullptr) return error(errc::missing_header, name);
  return std::nullopt;
}

template <class Parse>
std::optional<Error> check_optional(const Message& m, std::string_view name, Parse parse) {
  const std::string* value = nullptr;
  if (auto e = at_most_once(m, name, &value)) return e;
  if (value == nullptr) return std::nullopt;
  if (auto r = parse(*value); !r) return error(r.error(), name);
  return std::nullopt;
}

}  // namespace

std::optional<Error> validate(const Message& m) {
  const RequestLine* request = m.request_line();
  const std::string& version = std::visit([](const auto& line) -> const std::string& { return line.version; }, m.start);
  if (!grammar::iequals(version, sip_version)) return error(errc::unsupported_version, {});

  if (request != nullptr) {
    auto uri = parse_uri(request->uri);
    if (!uri) return error(uri.error(), "Request-URI");
    if (uri->is_sip() && !uri->headers.empty()) return error(errc::headers_not_allowed_in_uri, "Request-URI");
  }

  const std::string* value = nullptr;
  for (std::string_view name : {"To", "From"}) {
    if (auto e = exactly_once(m, name, &value)) return e;
    if (auto a = parse_name_addr(*value); !a) return error(a.error(), name);
  }
  if (auto e = exactly_once(m, "CSeq", &value)) return e;
  auto cseq = parse_cseq(*value);
  if (!cseq) return error(cseq.error(), "CSeq");
  if (request != nullptr && cseq->method != request->method) return error(errc::cseq_method_mismatch, "CSeq");
  if (auto e = exactly_once(m, "Call-ID", &value)) return e;
  if (auto id = parse_call_id(*value); !id) return error(id.error(), "Call-ID");

  if (auto e = check_optional(m, "Max-Forwards", parse_max_forwards)) return e;
  if (!m.has("Via")) return error(errc::missing_header, "Via");
  if (auto vias = parse_vias(m); !vias) return vias.error();

  if (auto c = parse_contacts(m); !c) return c.error();
  for (std::string_view name : {"Route", "Record-Route"})
    if (auto r = parse_route_set(m, name); !r) return r.error();
  if (auto e = check_optional(m, "Content-Type", parse_media_type)) return e;
  if (auto e = check_optional(m, "Event", parse_event)) return e;
  if (auto e = check_optional(m, "Subscription-State", parse_subscription_state)) return e;
  if (auto a = parse_allow_events(m); !a) return a.error();
  return std::nullopt;
}

}  // namespace disco::sip
