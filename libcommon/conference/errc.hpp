#pragma once
// Errors of the conference-info codec (RFC 4575 s4.1: a document MUST be well-formed and valid
// UTF-8 XML 1.0). Each names what was wrong, so a NOTIFY body can be refused with a reason.

#include <system_error>

namespace disco::conference {

enum class errc {
  too_large = 1,        // the document exceeds Limits::max_document_size
  too_many_elements,    // more elements than Limits::max_elements
  too_deep,             // element nesting beyond Limits::max_depth
  invalid_utf8,         // the bytes are not UTF-8 (s4.1)
  invalid_character,    // a code point XML 1.0 does not allow, literal or by character reference
  malformed_xml,        // not well-formed XML 1.0 (pugixml's verdict), or not exactly one root element
  dtd_not_supported,    // a DOCTYPE: its entities would be silently ignored, so the document is refused
  undeclared_prefix,    // a namespace prefix with no xmlns declaration in scope
  not_conference_info,  // the root is not <conference-info> in urn:ietf:params:xml:ns:conference-info
  missing_required,     // a required attribute or element is absent (entity, media id, uri, call-id...)
  invalid_value,        // a value its schema type does not allow (state, enums, unsignedInt, boolean)
  duplicate_key,        // two siblings with the same key (s4.5: keys MUST be unique)
  invalid_extension,    // serialising: an extension element that is not one well-formed XML element
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace disco::conference

template <>
struct std::is_error_code_enum<disco::conference::errc> : std::true_type {};
