#pragma once
// Probe (RFC 6940 s6.4.2.5): ProbeReq, ProbeInformation and ProbeAns.

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// In a ProbeReq any non-zero value is kept: s6.4.2.5.2 has the responder return only the requested
// values "that it recognizes", so an unknown one in a request is not a decode error.
enum class ProbeInformationType : std::uint8_t { invalid = 0, responsible_set = 1, num_resources = 2, uptime = 3 };

struct ProbeReq {
  std::vector<ProbeInformationType> requested_info;
  friend bool operator==(const ProbeReq&, const ProbeReq&) = default;
};

// The fraction of the overlay the responder is responsible for, in parts per billion.
struct ResponsibleSet {
  std::uint32_t responsible_ppb = 0;
  friend bool operator==(const ResponsibleSet&, const ResponsibleSet&) = default;
};
struct NumResources {
  std::uint32_t num_resources = 0;
  friend bool operator==(const NumResources&, const NumResources&) = default;
};
// Seconds the responder has been up.
struct Uptime {
  std::uint32_t uptime = 0;
  friend bool operator==(const Uptime&, const Uptime&) = default;
};
// "This type may be extended" and the length byte lets a receiver step over a type it does not
// know, so such an entry is carried verbatim instead of failing the whole ProbeAns.
struct UnknownProbeInformation {
  std::uint8_t type = 0xff;
  base::Bytes value;
  friend bool operator==(const UnknownProbeInformation&, const UnknownProbeInformation&) = default;
};

struct ProbeInformation {
  std::variant<ResponsibleSet, NumResources, Uptime, UnknownProbeInformation> value;

  [[nodiscard]] ProbeInformationType type() const;
  friend bool operator==(const ProbeInformation&, const ProbeInformation&) = default;
};

struct ProbeAns {
  std::vector<ProbeInformation> probe_info;
  friend bool operator==(const ProbeAns&, const ProbeAns&) = default;
};

void encode(wire::Writer& w, const ProbeReq& v, const CodecContext& ctx);
// requested_info value 0 is wire::errc::invalid_value.
void decode(wire::Reader& r, ProbeReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ProbeInformation& v, const CodecContext& ctx);
// Type 0 is invalid_value; a known type whose length is not 4 is length_mismatch.
void decode(wire::Reader& r, ProbeInformation& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ProbeAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, ProbeAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
