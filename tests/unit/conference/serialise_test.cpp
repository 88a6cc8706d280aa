#include "libcommon/conference/serialise.hpp"

#include <gtest/gtest.h>

#include "libcommon/conference/parse.hpp"

namespace disco::conference {
namespace {

ConferenceInfo small_conference() {
  ConferenceInfo c;
  c.entity = "sip:conf@example.com";
  c.version = 3;
  ConferenceState s;
  s.user_count = 1;
  s.active = true;
  c.conference_state = s;
  User u;
  u.entity = "sip:alice@example.com";
  u.display_text = "Alice & <Bob>";
  Endpoint p;
  p.entity = "sip:alice@pc.example.com";
  p.status = EndpointStatus::muted_via_focus;
  Media m;
  m.id = "1";
  m.type = "audio";
  m.status = MediaStatus::sendonly;
  p.media.push_back(m);
  u.endpoints.push_back(p);
  c.users.emplace().users.push_back(u);
  return c;
}

TEST(ConferenceSerialise, Utf8DeclarationDefaultNamespaceAndRootAttributes) {
  auto xml = serialise(small_conference(), {false});
  ASSERT_TRUE(xml) << xml.error().message();
  EXPECT_EQ(*xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:conf@example.com\" "
            "state=\"full\" version=\"3\">"
            "<conference-state><user-count>1</user-count><active>true</active></conference-state>"
            "<users><user entity=\"sip:alice@example.com\"><display-text>Alice &amp; &lt;Bob&gt;</display-text>"
            "<endpoint entity=\"sip:alice@pc.example.com\"><status>muted-via-focus</status>"
            "<media id=\"1\"><type>audio</type><status>sendonly</status></media></endpoint></user></users>"
            "</conference-info>");
}

TEST(ConferenceSerialise, IndentedOutputReadsBackTheSame) {
  auto doc = small_conference();
  auto xml = serialise(doc);
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->find("\n  <users>\n    <user"), std::string::npos) << *xml;
  EXPECT_EQ(parse(*xml).value(), doc);
}

TEST(ConferenceSerialise, StateAttributesOnlyWhereNotTheDefault) {
  auto doc = small_conference();
  doc.state = ElementState::partial;
  doc.users->state = ElementState::partial;
  doc.users->users[0].state = ElementState::deleted;
  auto xml = serialise(doc, {false}).value();
  EXPECT_NE(xml.find("state=\"partial\" version=\"3\""), std::string::npos);
  EXPECT_NE(xml.find("<users state=\"partial\">"), std::string::npos);
  EXPECT_NE(xml.find("<user entity=\"sip:alice@example.com\" state=\"deleted\">"), std::string::npos);
  EXPECT_EQ(xml.find("<endpoint entity=\"sip:alice@pc.example.com\" state"), std::string::npos);
}

TEST(ConferenceSerialise, RefusesTextXmlCannotCarry) {
  for (std::string bad :
       {std::string("a\x01z"), std::string("nul\0here", 8), std::string("\xC3"), std::string("\xEF\xBF\xBE")}) {
    auto doc = small_conference();
    doc.users->users[0].display_text = bad;
    auto xml = serialise(doc);
    ASSERT_FALSE(xml);
    EXPECT_EQ(xml.error(), errc::invalid_character);
  }
  auto doc = small_conference();
  doc.entity = "sip:\x7f ok";  // DEL is an XML Char
  EXPECT_TRUE(serialise(doc));
}

TEST(ConferenceSerialise, RefusesExtensionsThatAreNotOneForeignElement) {
  for (const char* bad : {"<unclosed xmlns='urn:x'>", "text", "<a xmlns='urn:x'/><b xmlns='urn:x'/>", "<x:a/>", "<a/>",
                          "<a xmlns='urn:ietf:params:xml:ns:conference-info'/>"}) {
    auto doc = small_conference();
    doc.users->ext.elements.emplace_back(bad);
    auto xml = serialise(doc);
    ASSERT_FALSE(xml) << bad;
    EXPECT_EQ(xml.error(), errc::invalid_extension) << bad;
  }
  auto doc = small_conference();
  doc.users->ext.attributes.push_back({"p", "urn:p", "bad name", "v"});
  EXPECT_EQ(serialise(doc).error(), errc::invalid_extension);
}

TEST(ConferenceSerialise, ExtensionAttributePrefixesAreDeclaredOnTheirElement) {
  auto doc = small_conference();
  auto& ext = doc.users->users[0].ext.attributes;
  ext.push_back({"p", "urn:one", "a", "1"});
  ext.push_back({"p", "urn:two", "b", "2"});   // same prefix, other namespace: renamed
  ext.push_back({"", "urn:three", "c", "3"});  // no prefix: one is made up
  ext.push_back({"lang", "http://www.w3.org/XML/1998/namespace", "lang", "en"});
  auto xml = serialise(doc, {false}).value();
  EXPECT_NE(xml.find("xmlns:p=\"urn:one\" p:a=\"1\" xmlns:ext0=\"urn:two\" ext0:b=\"2\" xmlns:ext1=\"urn:three\" "
                     "ext1:c=\"3\" xml:lang=\"en\""),
            std::string::npos)
      << xml;
  auto again = parse(xml).value();
  const auto& read = again.users->users[0].ext.attributes;
  ASSERT_EQ(read.size(), 4u);
  EXPECT_EQ(read[1], (ExtensionAttribute{"ext0", "urn:two", "b", "2"}));
  EXPECT_EQ(read[3], (ExtensionAttribute{"xml", "http://www.w3.org/XML/1998/namespace", "lang", "en"}));
}

}  // namespace
}  // namespace disco::conference
