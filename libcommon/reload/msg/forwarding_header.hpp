#pragma once
// ForwardingHeader (RFC 6940 s6.3.2) and ForwardingOption (s6.3.2.3).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/destination.hpp"

namespace disco::reload::msg {

inline constexpr std::uint32_t relo_token = 0xd2454c4f;   // "RELO" with the high bit set
inline constexpr std::uint8_t reload_version = 0x0a;      // RELOAD 1.0, version x 10
inline constexpr std::uint8_t default_initial_ttl = 100;  // s6.3.2, config initial-ttl
inline constexpr std::size_t forwarding_header_fixed_size = 38;

// fragment field bits (s6.3.2, s6.7)
inline constexpr std::uint32_t fragment_high_bit = 0x80000000;
inline constexpr std::uint32_t fragment_last_bit = 0x40000000;
inline constexpr std::uint32_t fragment_offset_mask = 0x00ffffff;
inline constexpr std::uint32_t unfragmented = fragment_high_bit | fragment_last_bit;

// ForwardingOption flags (s6.3.2.3)
inline constexpr std::uint8_t forward_critical = 0x01;
inline constexpr std::uint8_t destination_critical = 0x02;
inline constexpr std::uint8_t response_copy = 0x04;

// RFC 6940 defines no option type (registry: 0 invalid, 1 exp-forward, s14.12), so every option is
// kept as its type, flags and raw value; the forwarding layer decides on criticality.
struct ForwardingOption {
  std::uint8_t type = 1;
  std::uint8_t flags = 0;
  base::Bytes value;
  friend bool operator==(const ForwardingOption&, const ForwardingOption&) = default;
};

struct ForwardingHeader {
  std::uint32_t overlay = 0;  // low 32 bits of SHA-1(overlay name)
  std::uint16_t configuration_sequence = 0;
  std::uint8_t version = reload_version;
  std::uint8_t ttl = default_initial_ttl;
  std::uint32_t fragment = unfragmented;
  std::uint32_t length = 0;  // whole message; the message encoder fills it in
  std::uint64_t transaction_id = 0;
  std::uint32_t max_response_length = 0;
  std::vector<Destination> via_list;
  std::vector<Destination> destination_list;
  std::vector<ForwardingOption> options;

  [[nodiscard]] bool is_fragment() const {
    return (fragment & fragment_last_bit) == 0 || (fragment & fragment_offset_mask) != 0;
  }
  friend bool operator==(const ForwardingHeader&, const ForwardingHeader&) = default;
};

void encode(wire::Writer& w, const ForwardingOption& v, const CodecContext& ctx);
void decode(wire::Reader& r, ForwardingOption& out, const CodecContext& ctx);

// Encodes the header with `length` as given; Message encoding patches it.
void encode(wire::Writer& w, const ForwardingHeader& v, const CodecContext& ctx);
// Checks relo_token, version, the fragment high bit and that `length` is within max-message-size;
// it does not compare `length` with the input (only whole-message decoding can).
void decode(wire::Reader& r, ForwardingHeader& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
