#pragma once
// The header section as the parser and the stream framer both see it (RFC 3261 s7, s7.3.1, s7.5):
// internal to the layer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/limits.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip::detail {

// How many CR and LF octets precede the start line. s7.5 asks stream receivers to ignore CRLF
// before a start line (keep-alives, RFC 5626 s3.5.1); we also ignore them in datagrams.
std::size_t leading_crlf(std::string_view data);

struct HeadScan {
  std::optional<std::size_t> end;  // offset just past the CRLFCRLF ending the header section
  std::size_t resume = 0;          // where to continue when more bytes arrive
};
// Looks for the empty line that ends the header section, starting at `from` (a previous resume
// point). Errors: a bare CR or LF (bad_line_ending), a header section above limits.max_head_size.
base::result<HeadScan, Error> scan_head(std::string_view data, std::size_t from, const Limits& limits);

base::result<std::variant<RequestLine, StatusLine>, Error> parse_start_line(std::string_view line);

// Header field lines: the header section after the start line, each line ending in CRLF, without
// the final empty line. One entry per field; raw_value still holds its folds, so the framer can
// find Content-Length without unfolding (and allocating) every value.
struct RawField {
  std::string_view name;
  std::string_view raw_value;
};
base::result<std::vector<RawField>, Error> split_fields(std::string_view lines, const Limits& limits);

// The value with each fold (CRLF and the whitespace around it) replaced by one SP, trimmed.
std::string unfold(std::string_view raw_value);

// The single Content-Length among the fields, nullopt when there is none.
base::result<std::optional<std::size_t>, Error> find_content_length(const std::vector<RawField>& fields);

}  // namespace disco::sip::detail
