#pragma once
// StoredDataSpecifier and ArrayRange (RFC 6940 s7.4.2.1), shared by FetchReq and StatReq.

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/stored_data.hpp"

namespace disco::reload::msg {

// The RFC declares first and last as int32 but gives 0xffffffff the meaning "the final element";
// as int32 that would be -1. They are uint32 here so that the value compares as the largest index.
// "first <= last" and "ranges MUST NOT overlap" are left to storage/, which answers the request.
struct ArrayRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  friend bool operator==(const ArrayRange&, const ArrayRange&) = default;
};

inline constexpr std::uint32_t array_last_index = 0xffffffff;

// model_specifier by data model: single value is empty; an array lists ranges; a dictionary lists
// keys, none meaning every key (a wildcard fetch).
struct SingleValueSpecifier {
  friend bool operator==(const SingleValueSpecifier&, const SingleValueSpecifier&) = default;
};
struct ArraySpecifier {
  std::vector<ArrayRange> indices;
  friend bool operator==(const ArraySpecifier&, const ArraySpecifier&) = default;
};
struct DictionarySpecifier {
  std::vector<DictionaryKey> keys;
  friend bool operator==(const DictionarySpecifier&, const DictionarySpecifier&) = default;
};
// The model_specifier of a kind the kind table does not know: the bytes the uint16 length covers,
// kept verbatim so that the request still decodes and re-encodes, and the answering peer can name
// the kind in Error_Unknown_Kind (s7.4.1.2; Fetch "SHOULD reject" unknown kinds, s7.4.2.1).
struct UnknownKindSpecifier {
  base::Bytes bytes;
  friend bool operator==(const UnknownKindSpecifier&, const UnknownKindSpecifier&) = default;
};

// struct { KindId kind; uint64 generation; uint16 length; select (DataModel) {...} model_specifier; }
// length is computed on encoding. For a known kind the decoder requires the model_specifier to fill
// length exactly (wire::errc::trailing_bytes otherwise): the "extensibility" the length allows is a
// new data model, i.e. a kind we do not know, which is kept whole.
struct StoredDataSpecifier {
  KindId kind = 0;
  std::uint64_t generation = 0;  // the last generation the requester saw, or 0
  std::variant<SingleValueSpecifier, ArraySpecifier, DictionarySpecifier, UnknownKindSpecifier> model_specifier;

  [[nodiscard]] bool is_unknown_kind() const { return std::holds_alternative<UnknownKindSpecifier>(model_specifier); }
  friend bool operator==(const StoredDataSpecifier&, const StoredDataSpecifier&) = default;
};

void encode(wire::Writer& w, const ArrayRange& v, const CodecContext& ctx);
void decode(wire::Reader& r, ArrayRange& out, const CodecContext& ctx);
// Looks the model up in ctx.kinds; an encoder refuses a model_specifier that disagrees with it.
void encode(wire::Writer& w, const StoredDataSpecifier& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoredDataSpecifier& out, const CodecContext& ctx);

// The kinds whose specifier was kept verbatim, in order without repeats (Error_Unknown_Kind).
std::vector<KindId> unknown_kinds(const std::vector<StoredDataSpecifier>& specifiers);

}  // namespace disco::reload::msg
