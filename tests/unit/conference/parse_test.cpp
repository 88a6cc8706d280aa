#include "libcommon/conference/parse.hpp"

#include <gtest/gtest.h>

#include <string>

#include "libcommon/conference/serialise.hpp"
#include "tests/support/vectors.hpp"

namespace disco::conference {
namespace {

const char* const all_vectors[] = {
    "conference/rfc4575_s7_1_basic_full.xml",
    "conference/rfc4575_s7_2_rich_partial.xml",
    "conference/full_state.xml",
    "conference/partial_add_user.xml",
    "conference/partial_endpoint_status.xml",
    "conference/partial_deleted_user.xml",
    "conference/partial_gap.xml",
    "conference/full_resync.xml",
    "conference/deleted_conference.xml",
    "conference/extensions.xml",
};

ConferenceInfo parse_vector(const char* name) {
  auto doc = parse(test::load_raw_vector(name));
  EXPECT_TRUE(doc) << name << ": " << doc.error().message();
  return doc ? *doc : ConferenceInfo{};
}

TEST(ConferenceParse, Rfc4575BasicExampleFieldByField) {
  auto doc = parse_vector("conference/rfc4575_s7_1_basic_full.xml");
  EXPECT_EQ(doc.entity, "sips:conf233@example.com");
  EXPECT_EQ(doc.state, ElementState::full);
  EXPECT_EQ(doc.version, 1u);
  ASSERT_TRUE(doc.description);
  EXPECT_EQ(doc.description->subject, "Agenda: This month's goals");
  ASSERT_TRUE(doc.description->service_uris);
  ASSERT_EQ(doc.description->service_uris->entries.size(), 1u);
  EXPECT_EQ(doc.description->service_uris->entries[0].uri, "http://sharepoint/salesgroup/");
  EXPECT_EQ(doc.description->service_uris->entries[0].purpose, "web-page");
  ASSERT_TRUE(doc.conference_state);
  EXPECT_EQ(doc.conference_state->user_count, 33u);
  ASSERT_TRUE(doc.users);
  ASSERT_EQ(doc.users->users.size(), 2u);

  const User& bob = doc.users->users[0];
  EXPECT_EQ(bob.entity, "sip:bob@example.com");
  EXPECT_EQ(bob.display_text, "Bob Hoskins");
  ASSERT_EQ(bob.endpoints.size(), 1u);
  const Endpoint& laptop = bob.endpoints[0];
  EXPECT_EQ(laptop.entity, "sip:bob@pc33.example.com");
  EXPECT_EQ(laptop.display_text, "Bob's Laptop");
  EXPECT_EQ(laptop.status, EndpointStatus::disconnected);
  EXPECT_EQ(laptop.disconnection_method, DisconnectionMethod::departed);
  ASSERT_TRUE(laptop.disconnection_info);
  EXPECT_EQ(laptop.disconnection_info->when, "2005-03-04T20:00:00Z");
  EXPECT_EQ(laptop.disconnection_info->reason, "bad voice quality");
  EXPECT_EQ(laptop.disconnection_info->by, "sip:mike@example.com");
  ASSERT_EQ(laptop.media.size(), 1u);
  EXPECT_EQ(laptop.media[0], (Media{"1", "main audio", "audio", "34567", "432424", MediaStatus::sendrecv, {}}));

  const Endpoint& alice = doc.users->users[1].endpoints.at(0);
  EXPECT_EQ(alice.entity, "sip:4kfk4j392jsu@example.com;grid=433kj4j3u");
  EXPECT_EQ(alice.status, EndpointStatus::connected);
  EXPECT_EQ(alice.joining_method, JoiningMethod::dialed_out);
  ASSERT_TRUE(alice.joining_info);
  EXPECT_FALSE(alice.joining_info->reason);
  EXPECT_EQ(alice.media.at(0).src_id, "534232");
}

TEST(ConferenceParse, Rfc4575RichExampleFieldByField) {
  auto doc = parse_vector("conference/rfc4575_s7_2_rich_partial.xml");
  EXPECT_EQ(doc.state, ElementState::partial);
  EXPECT_EQ(doc.version, 5u);
  const auto& d = doc.description.value();
  EXPECT_EQ(d.keywords, (std::vector<std::string>{"sales", "meeting", "weekly"}));
  ASSERT_EQ(d.conf_uris->entries.size(), 3u);
  EXPECT_EQ(d.conf_uris->entries[0].display_text, "TTI Bridge");
  EXPECT_EQ(d.maximum_user_count, 100u);
  ASSERT_EQ(d.available_media->entries.size(), 2u);
  EXPECT_EQ(d.available_media->entries[1].label, "34569");
  EXPECT_EQ(d.available_media->entries[1].status, MediaStatus::inactive);
  EXPECT_EQ(doc.host_info->web_page, "http://sharepoint/salesgroup/hosts/");
  EXPECT_EQ(doc.conference_state->active, true);
  EXPECT_EQ(doc.conference_state->locked, false);
  // <users> has no 'state', so it is "full" (s4.4 default) even inside a partial document.
  EXPECT_EQ(doc.users->state, ElementState::full);
  const User& bob = doc.users->users.at(0);
  EXPECT_EQ(bob.state, ElementState::full);
  EXPECT_EQ(bob.roles->entries, std::vector<std::string>{"participant"});
  EXPECT_EQ(bob.languages, std::vector<std::string>{"en"});
  EXPECT_EQ(bob.associated_aors->entries.at(0).uri, "mailto:bob@example.com");
  const Endpoint& p = bob.endpoints.at(0);
  EXPECT_EQ(p.referred->reason, "expert required");
  EXPECT_EQ(p.status, EndpointStatus::disconnecting);
  EXPECT_EQ(p.disconnection_method, DisconnectionMethod::booted);
  ASSERT_TRUE(p.call_info && p.call_info->sip);
  EXPECT_EQ(p.call_info->sip->display_text, "full info");
  EXPECT_EQ(p.call_info->sip->call_id, "hsjh8980vhsb78");
  EXPECT_EQ(p.call_info->sip->from_tag, "vav738dvbs");
  EXPECT_EQ(p.call_info->sip->to_tag, "8954jgjg8432");
  EXPECT_EQ(doc.sidebars_by_ref->state, ElementState::partial);
  EXPECT_EQ(doc.sidebars_by_ref->entries.at(1).display_text, "private with Peter");
  const auto& sidebar = doc.sidebars_by_val->entries.at(0);
  EXPECT_EQ(sidebar.entity, "sips:conf233@example.com;grid=77");
  EXPECT_EQ(sidebar.state, ElementState::partial);
  EXPECT_EQ(sidebar.users->users.size(), 3u);
}

TEST(ConferenceParse, EveryVectorRoundTripsThroughSerialise) {
  for (const char* name : all_vectors) {
    auto doc = parse_vector(name);
    for (bool indent : {true, false}) {
      auto xml = serialise(doc, {indent});
      ASSERT_TRUE(xml) << name << ": " << xml.error().message();
      auto again = parse(*xml);
      ASSERT_TRUE(again) << name << ": " << again.error().message() << "\n" << *xml;
      EXPECT_EQ(*again, doc) << name << "\n" << *xml;
      // Serialising is a fixed point after the first parse.
      EXPECT_EQ(serialise(*again, {indent}).value(), *xml) << name;
    }
  }
}

TEST(ConferenceParse, PrefixedConferenceNamespaceReadsLikeTheDefaultOne) {
  auto doc = parse(
      "<ci:conference-info xmlns:ci='urn:ietf:params:xml:ns:conference-info' entity='sip:c@x' version='3'>"
      "<ci:users><ci:user entity='sip:a@x'><ci:display-text>A</ci:display-text></ci:user></ci:users>"
      "</ci:conference-info>");
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->version, 3u);
  EXPECT_EQ(doc->users->users.at(0).display_text, "A");
}

TEST(ConferenceParse, ExtensionsStayWhereTheyAppeared) {
  auto doc = parse_vector("conference/extensions.xml");
  const std::string ex = "urn:example:conference-ext";
  EXPECT_EQ(doc.ext.attributes, (std::vector<ExtensionAttribute>{{"ex", ex, "region", "eu-west"}}));
  EXPECT_EQ(doc.ext.elements,
            std::vector<std::string>{"<ex:billing account=\"42\" xmlns:ex=\"urn:example:conference-ext\"/>"});
  EXPECT_EQ(doc.description->ext.attributes, (std::vector<ExtensionAttribute>{{"ex", ex, "tier", "gold"}}));
  EXPECT_EQ(doc.description->ext.elements,
            std::vector<std::string>{"<ex:recording enabled=\"true\" xmlns:ex=\"urn:example:conference-ext\">"
                                     "<ex:target>rtsp://rec.example.com/ext</ex:target></ex:recording>"});
  // An unprefixed element in its own default namespace is ##other too; it takes its xmlns along.
  EXPECT_EQ(
      doc.users->ext.elements,
      std::vector<std::string>{"<other xmlns=\"urn:example:default-ns\"><inner>default namespace</inner></other>"});
  const User& erin = doc.users->users.at(0);
  EXPECT_EQ(erin.ext.attributes, (std::vector<ExtensionAttribute>{{"geo", "urn:example:geo", "country", "NZ"}}));
  EXPECT_EQ(erin.ext.elements,
            std::vector<std::string>{"<ex:note xml:lang=\"en\" xmlns:ex=\"urn:example:conference-ext\">"
                                     "Erin's <![CDATA[<raw>]]> note</ex:note>"});
  const Endpoint& phone = erin.endpoints.at(0);
  EXPECT_EQ(phone.ext.elements, std::vector<std::string>{"<geo:location xmlns:geo=\"urn:example:geo\">"
                                                         "<geo:lat>-41.29</geo:lat><geo:lon>174.78</geo:lon>"
                                                         "</geo:location>"});
  EXPECT_EQ(phone.media.at(0).ext.attributes, (std::vector<ExtensionAttribute>{{"ex", ex, "codec", "opus"}}));
  EXPECT_EQ(phone.media.at(0).ext.elements,
            std::vector<std::string>{"<ex:quality xmlns:q=\"urn:example:quality\" q:scale=\"mos\" "
                                     "xmlns:ex=\"urn:example:conference-ext\">4.2</ex:quality>"});
  ASSERT_TRUE(phone.call_info);
  EXPECT_FALSE(phone.call_info->sip);
  EXPECT_EQ(phone.call_info->ext.elements,
            std::vector<std::string>{"<ex:h323-call id=\"77\" xmlns:ex=\"urn:example:conference-ext\">"
                                     "mixed <ex:b>content</ex:b> kept</ex:h323-call>"});

  auto xml = serialise(doc).value();
  for (const char* expected : {"ex:region=\"eu-west\"", "ex:tier=\"gold\"", "geo:country=\"NZ\"", "<ex:recording",
                               "<geo:location", "<other xmlns=\"urn:example:default-ns\">",
                               "mixed <ex:b>content</ex:b> kept", "<![CDATA[<raw>]]>", "<ex:billing"}) {
    EXPECT_NE(xml.find(expected), std::string::npos) << expected << "\n" << xml;
  }
}

TEST(ConferenceParse, UnknownContentWithoutAnOtherNamespaceIsSkippedNotFatal) {
  // No ##other wildcard admits these: unqualified elements and attributes, elements in the
  // conference-info namespace that the schema does not define, and other-namespace elements where
  // the type has only an attribute wildcard (execution-type).
  auto doc = parse(
      "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='sip:c@x' version='1' color='red'>"
      "<future-element>x</future-element>"
      "<users><user entity='sip:a@x' mood='fine'><endpoint entity='e'><joining-info>"
      "<x:extra xmlns:x='urn:x'/><when>2024-01-01T00:00:00Z</when></joining-info></endpoint></user>"
      "<plain xmlns=''/></users></conference-info>");
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_TRUE(doc->ext.empty());
  EXPECT_TRUE(doc->users->ext.empty());
  const auto& info = doc->users->users.at(0).endpoints.at(0).joining_info.value();
  EXPECT_EQ(info.when, "2024-01-01T00:00:00Z");
  EXPECT_TRUE(info.ext.empty());
}

TEST(ConferenceParse, TypedValuesTolerateWhiteSpaceAndXmlSchemaLexicalForms) {
  auto doc = parse(
      "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='sip:c@x' version=' +007 '"
      " state=' partial '><conference-state><user-count>\n 4294967295 </user-count><active> 1 </active>"
      "<locked>false</locked></conference-state></conference-info>");
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->version, 7u);
  EXPECT_EQ(doc->state, ElementState::partial);
  EXPECT_EQ(doc->conference_state->user_count, 4294967295u);
  EXPECT_EQ(doc->conference_state->active, true);
  EXPECT_EQ(doc->conference_state->locked, false);
}

TEST(ConferenceParse, TextKeepsItsWhiteSpaceAndCharacterReferences) {
  auto doc = parse(
      "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='sip:c@x'>"
      "<conference-description><display-text>  </display-text><subject> a &amp; b <![CDATA[<c>]]></subject>"
      "<free-text>line&#13;end</free-text></conference-description></conference-info>");
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->description->display_text, "  ");
  EXPECT_EQ(doc->description->subject, " a & b <c>");
  // A carriage return reads as a line feed so that it survives serialise/parse (XML 1.0 s2.11).
  EXPECT_EQ(doc->description->free_text, "line\nend");
}

struct BadDocument {
  const char* name;
  std::string xml;
  errc expected;
};

std::string doc_with(const std::string& inner, const std::string& root_attrs = "entity='sip:c@x' version='1'") {
  return "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' " + root_attrs + ">" + inner +
         "</conference-info>";
}

TEST(ConferenceParse, HostileDocumentsGiveSpecificErrors) {
  const BadDocument cases[] = {
      {"empty", "", errc::malformed_xml},
      {"not xml", "hello", errc::malformed_xml},
      {"unclosed", "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='x'>", errc::malformed_xml},
      {"two roots", doc_with("") + doc_with(""), errc::malformed_xml},
      {"duplicate attribute", doc_with("", "entity='a' entity='b'"), errc::malformed_xml},
      {"duplicate expanded attribute", doc_with("", "entity='a' xmlns:p='urn:p' xmlns:q='urn:p' p:x='1' q:x='2'"),
       errc::malformed_xml},
      {"two colons", doc_with("<a:b:c xmlns:a='urn:a'/>"), errc::malformed_xml},
      {"doctype", "<!DOCTYPE x [<!ENTITY e 'boom'>]>" + doc_with("&e;"), errc::dtd_not_supported},
      {"bad utf-8", doc_with("<conference-description><subject>\xC3\x28</subject></conference-description>"),
       errc::invalid_utf8},
      {"overlong utf-8", doc_with("<conference-description><subject>\xC0\xAF</subject></conference-description>"),
       errc::invalid_utf8},
      {"control character", doc_with("<conference-description><subject>\x01</subject></conference-description>"),
       errc::invalid_character},
      {"control character by reference",
       doc_with("<conference-description><subject>&#1;</subject></conference-description>"), errc::invalid_character},
      {"surrogate by reference", doc_with("", "entity='&#xD800;'"), errc::invalid_character},
      {"nul byte", std::string("<conference-info\0/>", 19), errc::invalid_character},
      {"undeclared prefix", doc_with("<x:foo/>"), errc::undeclared_prefix},
      {"undeclared attribute prefix", doc_with("", "entity='a' x:foo='1'"), errc::undeclared_prefix},
      {"wrong root", "<conference xmlns='urn:ietf:params:xml:ns:conference-info' entity='x'/>",
       errc::not_conference_info},
      {"no namespace", "<conference-info entity='x'/>", errc::not_conference_info},
      {"other namespace", "<conference-info xmlns='urn:other' entity='x'/>", errc::not_conference_info},
      {"no entity", doc_with("", "version='1'"), errc::missing_required},
      {"media without id", doc_with("<users><user entity='u'><endpoint entity='e'><media/></endpoint></user></users>"),
       errc::missing_required},
      {"uri entry without uri",
       doc_with("<sidebars-by-ref><entry><display-text>x</display-text></entry>"
                "</sidebars-by-ref>"),
       errc::missing_required},
      {"sip without to-tag",
       doc_with("<users><user entity='u'><endpoint entity='e'><call-info><sip><call-id>c</call-id>"
                "<from-tag>f</from-tag></sip></call-info></endpoint></user></users>"),
       errc::missing_required},
      {"available-media entry without type",
       doc_with("<conference-description><available-media><entry label='l'/></available-media>"
                "</conference-description>"),
       errc::missing_required},
      {"sidebar without entity", doc_with("<sidebars-by-val><entry/></sidebars-by-val>"), errc::missing_required},
      {"negative version", doc_with("", "entity='x' version='-1'"), errc::invalid_value},
      {"version too big", doc_with("", "entity='x' version='4294967296'"), errc::invalid_value},
      {"unknown state", doc_with("", "entity='x' state='half'"), errc::invalid_value},
      {"unknown user state", doc_with("<users><user entity='u' state='gone'/></users>"), errc::invalid_value},
      {"unknown endpoint status",
       doc_with("<users><user entity='u'><endpoint entity='e'><status>asleep</status></endpoint></user></users>"),
       errc::invalid_value},
      {"unknown media status",
       doc_with("<users><user entity='u'><endpoint entity='e'><media id='1'><status>loud</status></media>"
                "</endpoint></user></users>"),
       errc::invalid_value},
      {"user-count not a number", doc_with("<conference-state><user-count>many</user-count></conference-state>"),
       errc::invalid_value},
      {"active not a boolean", doc_with("<conference-state><active>yes</active></conference-state>"),
       errc::invalid_value},
      {"duplicate user", doc_with("<users><user entity='u'/><user entity='u'/></users>"), errc::duplicate_key},
      {"duplicate endpoint",
       doc_with("<users><user entity='u'><endpoint entity='e'/><endpoint entity='e'/></user>"
                "</users>"),
       errc::duplicate_key},
      {"duplicate media",
       doc_with("<users><user entity='u'><endpoint><media id='1'/><media id='1'/></endpoint>"
                "</user></users>"),
       errc::duplicate_key},
      {"duplicate uri",
       doc_with("<sidebars-by-ref><entry><uri>sip:a</uri></entry><entry><uri>sip:a</uri></entry>"
                "</sidebars-by-ref>"),
       errc::duplicate_key},
      {"duplicate sidebar", doc_with("<sidebars-by-val><entry entity='s'/><entry entity='s'/></sidebars-by-val>"),
       errc::duplicate_key},
  };
  for (const auto& c : cases) {
    auto r = parse(c.xml);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code, c.expected) << c.name << ": " << r.error().message();
    EXPECT_LE(r.error().offset, c.xml.size()) << c.name;
  }
}

TEST(ConferenceParse, ErrorsNameTheElementAndTheByte) {
  const std::string xml = doc_with(
      "<users><user entity='u'><endpoint entity='e'><status>asleep</status>"
      "</endpoint></user></users>");
  auto r = parse(xml);
  ASSERT_FALSE(r);
  const auto at = xml.find("<status>");
  EXPECT_EQ(r.error().element, "status");
  EXPECT_EQ(r.error().offset, at);
  EXPECT_EQ(r.error().message(), "invalid value in <status> at byte " + std::to_string(at));
}

TEST(ConferenceParse, LimitsAreCheckedBeforeTheModelIsBuilt) {
  const std::string users = "<users><user entity='a'/><user entity='b'/><user entity='c'/></users>";
  const std::string xml = doc_with(users);
  EXPECT_TRUE(parse(xml));

  auto too_large = parse(xml, Limits{xml.size() - 1, 100, 10});
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, errc::too_large);

  EXPECT_TRUE(parse(xml, Limits{xml.size(), 5, 10}));
  auto too_many = parse(xml, Limits{xml.size(), 4, 10});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, errc::too_many_elements);

  std::string deep = "<x:e xmlns:x='urn:x'>";
  for (int i = 0; i < 40; ++i) deep += "<x:e>";
  for (int i = 0; i < 40; ++i) deep += "</x:e>";
  deep += "</x:e>";
  auto too_deep = parse(doc_with(deep));
  ASSERT_FALSE(too_deep);
  EXPECT_EQ(too_deep.error().code, errc::too_deep);
  EXPECT_TRUE(parse(doc_with(deep), Limits{1 << 20, 1000, 64}));
}

TEST(ConferenceParse, VeryDeepNestingFailsCleanlyWithoutRecursion) {
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "<a>";
  auto r = parse(doc_with(deep));  // not even well-formed: pugixml's own verdict
  ASSERT_FALSE(r);
  std::string closed = deep;
  for (int i = 0; i < 100'000; ++i) closed += "</a>";
  auto r2 = parse(doc_with(closed), Limits{1 << 22, 1 << 20, 32});
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, errc::too_deep);
}

TEST(ConferenceParse, EveryProperPrefixOfAVectorFailsCleanly) {
  for (const char* name : {"conference/full_state.xml", "conference/extensions.xml"}) {
    const std::string xml = test::load_raw_vector(name);
    const std::size_t end = xml.rfind('>') + 1;  // what follows the root end tag is white space
    for (std::size_t n = 0; n < end; ++n) {
      auto r = parse(std::string_view(xml).substr(0, n));
      ASSERT_FALSE(r) << name << " prefix of " << n << " bytes parsed";
      ASSERT_LE(r.error().offset, n) << name << " prefix of " << n;
    }
  }
}

TEST(ConferenceParse, BytesOverloadReadsTheSame) {
  const std::string xml = test::load_raw_vector("conference/full_state.xml");
  EXPECT_EQ(parse(base::as_bytes(xml)).value(), parse(xml).value());
}

}  // namespace
}  // namespace disco::conference
