#pragma once
// name-addr and addr-spec with header parameters (RFC 3261 s20.10, s20.20, s20.39, s25.1): the
// value of From, To, Contact, Route, Record-Route, Reply-To, Refer-To.
//   "Display Name" <sip:user@host;uri-param>;tag=abc;expires=60
//   Display Name <sip:...>        (display-name as tokens)
//   sip:user@host;tag=abc         (addr-spec: every ';' after the URI starts a header parameter)

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/msg/params.hpp"
#include "libcommon/sip/msg/uri.hpp"

namespace disco::sip {

struct NameAddr {
  std::optional<std::string> display_name;  // unescaped; nullopt when there is none
  Uri uri;
  Params params;  // header parameters: tag, expires, q, isfocus (RFC 4579 s4.2), +sip.instance...

  [[nodiscard]] std::optional<std::string_view> tag() const { return param_value(params, "tag"); }
  friend bool operator==(const NameAddr&, const NameAddr&) = default;
};

enum class AddrForm {
  any,        // name-addr or addr-spec (From, To, Contact)
  name_addr,  // <...> required (Route, Record-Route: s20.30, s20.34)
};

// Errors: unterminated_quote, invalid_display_name (RFC 4475 s3.1.2.15), unterminated_angle,
// uri_needs_angle_brackets (an addr-spec with '?' or ',', RFC 4475 s3.1.2.13), the URI's errors
// (spaces inside <> are invalid_uri/invalid_host, RFC 4475 s3.1.2.14), invalid_param,
// trailing_characters.
base::result<NameAddr, std::error_code> parse_name_addr(std::string_view value, AddrForm form = AddrForm::any);
// Always the <...> form with a quoted display name, which is valid whatever the URI holds.
std::string to_string(const NameAddr& a);

// Contact (s20.10): "*" or a list of addresses.
struct ContactList {
  bool wildcard = false;
  std::vector<NameAddr> addresses;
  friend bool operator==(const ContactList&, const ContactList&) = default;
};
base::result<ContactList, std::error_code> parse_contact(std::string_view value);
std::string to_string(const ContactList& c);

// Message-level: From or To (exactly one field), every Contact field, and the elements of every
// Route or Record-Route field in order.
base::result<NameAddr, Error> parse_from(const Message& m);
base::result<NameAddr, Error> parse_to(const Message& m);
base::result<ContactList, Error> parse_contacts(const Message& m);
base::result<std::vector<NameAddr>, Error> parse_route_set(const Message& m, std::string_view header_name);

}  // namespace disco::sip
