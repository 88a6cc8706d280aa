// libFuzzer target: LinkFramer::receive (RFC 6940 s6.6.2), the stream side of a TLS/TCP link.
// Property: chunking does not matter. The input fed whole and fed in two chunks (split at the
// offset the first byte gives) yields the same messages and the same ack bytes, and fails exactly
// when the other fails. Seeds: the RELOAD vectors, frame_data and frame_ack among them.
#include <algorithm>
#include <cstdlib>

#include "libcommon/reload/link/link_framer.hpp"

namespace {

using namespace disco;
using reload::link::LinkFramer;

struct Fed {
  bool failed = false;
  std::vector<base::Bytes> messages;
  base::Bytes acks;
};

void feed(LinkFramer& framer, base::BytesView chunk, base::TimePoint now, Fed& out) {
  if (out.failed) return;
  auto r = framer.receive(chunk, now);
  if (!r) {
    out.failed = true;
    // A failed framer stays failed (the caller closes the link).
    if (framer.receive({}, now)) std::abort();
    return;
  }
  for (auto& m : r->messages) out.messages.push_back(std::move(m));
  out.acks.insert(out.acks.end(), r->acks.begin(), r->acks.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const base::BytesView in{data, size};
  const base::TimePoint now = base::TimePoint{} + std::chrono::seconds(10);
  reload::link::LinkFramerConfig config;
  config.limits.max_message_size = 4096;  // so that the fuzzer can reach the limit
  config.max_unacked = 16;                // and the untimed frames beyond it

  // Both ends have sent frames 0..39, so that acks in the input have something to time (s6.6.3.1).
  LinkFramer whole_framer(config);
  LinkFramer split_framer(config);
  const base::Bytes payload{0xd2, 0x45, 0x4c, 0x4f};
  for (int i = 0; i < 40; ++i) {
    (void)whole_framer.send(payload, now - std::chrono::milliseconds(600 - i));
    (void)split_framer.send(payload, now - std::chrono::milliseconds(600 - i));
  }

  Fed whole;
  feed(whole_framer, in, now, whole);

  Fed split;
  const std::size_t at = size == 0 ? 0 : std::min<std::size_t>(data[0], size);
  feed(split_framer, in.first(at), now, split);
  feed(split_framer, in.subspan(at), now, split);

  if (whole.failed != split.failed) std::abort();
  // When the stream breaks, the messages before the break come out of the split feed only if the
  // first chunk held them, and the whole feed hands out none: only the failure is compared.
  if (whole.failed) return 0;
  if (split.messages != whole.messages || split.acks != whole.acks) std::abort();
  if (split_framer.buffered() != whole_framer.buffered()) std::abort();
  if (split_framer.unacked_count() != whole_framer.unacked_count()) std::abort();
  if (split_framer.srtt() != whole_framer.srtt() || split_framer.rto() != whole_framer.rto()) std::abort();
  return 0;
}
