#pragma once
// ConfigUpdate (RFC 6940 s6.5.4): ConfigUpdateReq and the empty ConfigUpdateAns.

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

enum class ConfigUpdateType : std::uint8_t { invalid = 0, config = 1, kind = 2 };

// typedef opaque KindDescription<0..2^16-1>: one kind-block (s11.1), UTF-8 XML in the default
// namespace urn:ietf:params:xml:ns:p2p:config-base. Parsing it is the configuration layer's job.
using KindDescription = base::Bytes;

// type config: a whole Configuration Document.
struct ConfigUpdateConfig {
  base::Bytes config_data;
  friend bool operator==(const ConfigUpdateConfig&, const ConfigUpdateConfig&) = default;
};
// type kind: one or more kind-blocks.
struct ConfigUpdateKinds {
  std::vector<KindDescription> kinds;
  friend bool operator==(const ConfigUpdateKinds&, const ConfigUpdateKinds&) = default;
};
// "This structure may be extended with new types" and the length field covers the rest, so an
// unknown type is carried verbatim (data = the bytes after length) instead of failing the message.
struct UnknownConfigUpdate {
  std::uint8_t type = 0xff;
  base::Bytes data;
  friend bool operator==(const UnknownConfigUpdate&, const UnknownConfigUpdate&) = default;
};

struct ConfigUpdateReq {
  std::variant<ConfigUpdateConfig, ConfigUpdateKinds, UnknownConfigUpdate> value;

  [[nodiscard]] ConfigUpdateType type() const;
  friend bool operator==(const ConfigUpdateReq&, const ConfigUpdateReq&) = default;
};

// struct {} ConfigUpdateAns: any byte in the body is trailing_bytes (decode_as).
struct ConfigUpdateAns {
  friend bool operator==(const ConfigUpdateAns&, const ConfigUpdateAns&) = default;
};

void encode(wire::Writer& w, const ConfigUpdateReq& v, const CodecContext& ctx);
// Type 0 is invalid_value. For a known type, length must equal the size of the select body that
// follows (config_data or kinds with its 3-byte prefix), else length_mismatch.
void decode(wire::Reader& r, ConfigUpdateReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ConfigUpdateAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, ConfigUpdateAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
