#pragma once
// ConferenceInfo -> application/conference-info+xml (RFC 4575 s4.1, s4.2): UTF-8 XML 1.0 with an
// encoding declaration, the conference-info namespace as default namespace, elements in schema
// (s6) order, extensions after the schema's own children where its ##other wildcards stand.
//
// A model that came from parse(), or one whose strings are XML text and whose required elements are
// present, serialises to a document that validates against the s6 schema. Two things the schema
// forbids are the caller's to avoid: an empty uris-type / roles / available-media list, and a
// 'state' other than "full" below a "full" parent (s4.4).

#include <string>
#include <system_error>

#include "libcommon/base/result.hpp"
#include "libcommon/conference/conference_info.hpp"
#include "libcommon/conference/errc.hpp"

namespace disco::conference {

struct SerialiseOptions {
  // Two-space indentation between elements (never inside text or mixed content, so values and
  // extensions read back unchanged); false gives one line.
  bool indent = true;
};

// Fails with errc::invalid_character when a string holds what XML 1.0 cannot carry (control
// characters, invalid UTF-8), errc::invalid_extension when an Extensions::elements entry is not one
// well-formed element. A carriage return in element text is written as is and reads back as a line
// feed (XML 1.0 s2.11).
base::result<std::string> serialise(const ConferenceInfo& doc, const SerialiseOptions& options = {});

}  // namespace disco::conference
