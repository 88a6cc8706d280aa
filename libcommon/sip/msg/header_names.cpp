#include "libcommon/sip/msg/header_names.hpp"

#include <array>
#include <utility>

#include "libcommon/sip/msg/grammar.hpp"

namespace disco::sip {

namespace {

// RFC 3261 s7.3.3 and s20: c e f i k l m s t v. RFC 6665 s8.2 (was RFC 3265): o = Event,
// u = Allow-Events. RFC 3515: r = Refer-To. RFC 3892: b = Referred-By. RFC 4028: x = Session-Expires.
// RFC 3841: a = Accept-Contact, j = Reject-Contact, d = Request-Disposition. RFC 8224 (was
// RFC 4474): y = Identity; RFC 4474: n = Identity-Info. RFC 3420/IANA: none further in use.
constexpr std::array<std::pair<char, std::string_view>, 20> compact_forms{{
    {'a', "Accept-Contact"},
    {'b', "Referred-By"},
    {'c', "Content-Type"},
    {'d', "Request-Disposition"},
    {'e', "Content-Encoding"},
    {'f', "From"},
    {'i', "Call-ID"},
    {'j', "Reject-Contact"},
    {'k', "Supported"},
    {'l', "Content-Length"},
    {'m', "Contact"},
    {'n', "Identity-Info"},
    {'o', "Event"},
    {'r', "Refer-To"},
    {'s', "Subject"},
    {'t', "To"},
    {'u', "Allow-Events"},
    {'v', "Via"},
    {'x', "Session-Expires"},
    {'y', "Identity"},
}};

// RFC 3261 s20 plus the extension fields disco meets (RFC 6665, 3515, 3892, 4028, 3262, 3327,
// 3608, 3841, 8224, 5626, 3326, 3329). Spelled as in the defining RFC.
constexpr std::array<std::string_view, 71> known_names{
    "Accept",
    "Accept-Contact",
    "Accept-Encoding",
    "Accept-Language",
    "Alert-Info",
    "Allow",
    "Allow-Events",
    "Authentication-Info",
    "Authorization",
    "Call-ID",
    "Call-Info",
    "Contact",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "CSeq",
    "Date",
    "Error-Info",
    "Event",
    "Expires",
    "Flow-Timer",
    "From",
    "Identity",
    "Identity-Info",
    "In-Reply-To",
    "Max-Forwards",
    "MIME-Version",
    "Min-Expires",
    "Min-SE",
    "Organization",
    "Path",
    "Priority",
    "Privacy",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Proxy-Require",
    "RAck",
    "Reason",
    "Record-Route",
    "Refer-To",
    "Referred-By",
    "Reject-Contact",
    "Replaces",
    "Reply-To",
    "Request-Disposition",
    "Require",
    "Retry-After",
    "Route",
    "RSeq",
    "Security-Client",
    "Security-Server",
    "Security-Verify",
    "Server",
    "Service-Route",
    "Session-Expires",
    "SIP-ETag",
    "SIP-If-Match",
    "Subject",
    "Subscription-State",
    "Supported",
    "Timestamp",
    "To",
    "Unsupported",
    "User-Agent",
    "Via",
    "Warning",
    "WWW-Authenticate",
    "Content-Transfer-Encoding",
    "Target-Dialog",
};

}  // namespace

std::string_view expand_compact_form(std::string_view name) {
  if (name.size() != 1) return name;
  const char c = grammar::to_lower(name[0]);
  for (const auto& [letter, full] : compact_forms)
    if (letter == c) return full;
  return name;
}

std::string_view canonical_name(std::string_view name) {
  const std::string_view full = expand_compact_form(name);
  for (std::string_view known : known_names)
    if (grammar::iequals(known, full)) return known;
  return name;
}

bool same_header_name(std::string_view a, std::string_view b) {
  return grammar::iequals(expand_compact_form(a), expand_compact_form(b));
}

}  // namespace disco::sip
