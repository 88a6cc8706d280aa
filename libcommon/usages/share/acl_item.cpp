#include "libcommon/usages/share/acl_item.hpp"

#include <fmt/format.h>

#include <string_view>

#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::share {

namespace {

CodecError decode_error(const wire::Reader& r) {
  return CodecError{r.error() ? r.error()->message() : std::string("malformed")};
}

std::string text_of(base::BytesView b) { return {b.begin(), b.end()}; }

}  // namespace

base::result<base::Bytes, CodecError> encode(const ResourceNameExtension& ext) {
  if (ext.type != resource_name_type_pattern)
    return base::failure{CodecError{fmt::format("ResourceNameType {} has no encoding here", ext.type)}};
  if (ext.resource_name.size() > max_resource_name_length)
    return base::failure{CodecError{"resource name longer than 1024 bytes"}};
  wire::Writer w;
  w.u8(ext.type);
  // s5.2: "length ... of the remaining data structure", i.e. the select body after it.
  w.prefixed(2, "length", [&] { w.opaque(2, base::as_bytes(ext.resource_name), "resource_name"); });
  if (!w.ok()) return base::failure{CodecError{w.error()->message()}};
  return std::move(w).take();
}

base::result<NameExtensionRead, CodecError> decode_name_extension(base::BytesView bytes) {
  wire::Reader r(bytes);
  NameExtensionRead out;
  out.ext.type = r.u8("type");
  const auto body = r.opaque(2, "length");
  if (!r.ok()) return base::failure{decode_error(r)};
  if (out.ext.type == resource_name_type_pattern) {
    wire::Reader inner(body);
    const auto name = inner.opaque(2, "resource_name");
    inner.expect_end("ResourceNameExtension");
    if (!inner.ok()) return base::failure{decode_error(inner)};
    if (name.size() > max_resource_name_length)
      return base::failure{CodecError{"resource name longer than 1024 bytes"}};
    out.ext.resource_name = text_of(name);
  }
  out.consumed = r.position();
  return out;
}

base::result<base::Bytes, CodecError> encode(const AccessControlListItem& item, bool with_name_extension) {
  if (item.res_name_ext.has_value() != with_name_extension)
    return base::failure{CodecError{with_name_extension ? "the kind needs a ResourceNameExtension"
                                                        : "the kind has no ResourceNameExtension"}};
  wire::Writer w;
  if (item.res_name_ext) {
    auto ext = encode(*item.res_name_ext);
    if (!ext) return base::failure{ext.error()};
    w.raw(*ext);
  }
  w.opaque(2, base::as_bytes(item.to_user), "to_user");
  w.u32(item.kind);
  w.boolean(item.allow_delegation);
  if (!w.ok()) return base::failure{CodecError{w.error()->message()}};
  return std::move(w).take();
}

base::result<AccessControlListItem, CodecError> decode_acl_item(base::BytesView bytes, bool with_name_extension) {
  AccessControlListItem item;
  if (with_name_extension) {
    auto ext = decode_name_extension(bytes);
    if (!ext) return base::failure{ext.error()};
    item.res_name_ext = std::move(ext->ext);
    bytes = bytes.subspan(ext->consumed);
  }
  wire::Reader r(bytes);
  item.to_user = text_of(r.opaque(2, "to_user"));
  item.kind = r.u32("kind");
  const auto ad = r.u8("allow_delegation");
  r.expect_end("AccessControlListItem");
  if (!r.ok()) return base::failure{decode_error(r)};
  // RFC 6940 s6.3.1.1: Boolean is 0 or 1; anything else is malformed.
  if (ad > 1) return base::failure{CodecError{"allow_delegation is neither 0 nor 1"}};
  item.allow_delegation = ad == 1;
  return item;
}

}  // namespace disco::share
