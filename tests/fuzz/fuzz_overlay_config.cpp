// libFuzzer target: the overlay configuration document (RFC 6940 s11.1). Property: a document that
// parses writes (write_overlay_config) to one that parses again to an equal OverlayConfig, and
// writing that gives the same text (the writer is a fixed point after one round).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libcommon/overlay/config/overlay_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace disco::overlay;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer hands bytes; XML is text.
  const std::string_view xml{reinterpret_cast<const char*>(data), size};
  auto parsed = parse_overlay_config(xml);
  if (!parsed) return 0;
  const auto written = write_overlay_config(*parsed);
  auto again = parse_overlay_config(written);
  if (!again) {
    std::fprintf(stderr, "written document does not parse: %s\n%s\n", again.error().c_str(), written.c_str());
    std::abort();
  }
  if (!(*again == *parsed)) {
    std::fprintf(stderr, "written document parses to another configuration:\n%s\n", written.c_str());
    std::abort();
  }
  if (write_overlay_config(*again) != written) std::abort();
  // The derived views must not fail on anything that parsed.
  (void)kind_registry(*parsed);
  (void)codec_context(*parsed);
  (void)verifier_options(*parsed);
  (void)expiration_time(*parsed);
  return 0;
}
