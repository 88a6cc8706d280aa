#pragma once
// application/conference-info+xml -> ConferenceInfo (RFC 4575 s4, s5, schema s6).
//
// Total over hostile input: any byte string gives a document or a ParseError; limits are checked
// before anything is built. Elements and attributes from other namespaces are kept in Extensions
// where the schema's ##other wildcards allow them; unknown content in no namespace or in the
// conference-info namespace (which no ##other wildcard admits) is skipped, never fatal.
// No I/O: the caller hands in the NOTIFY body.

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/conference/conference_info.hpp"
#include "libcommon/conference/errc.hpp"
#include "libcommon/conference/limits.hpp"

namespace disco::conference {

struct ParseError {
  std::error_code code;    // a conference::errc
  std::string element;     // local name of the element being read; empty at document level
  std::size_t offset = 0;  // byte offset into the input where the problem was found

  // "invalid value in <status> at byte 812"
  [[nodiscard]] std::string message() const;
};

base::result<ConferenceInfo, ParseError> parse(std::string_view xml, const Limits& limits = {});
base::result<ConferenceInfo, ParseError> parse(base::BytesView xml, const Limits& limits = {});

}  // namespace disco::conference
