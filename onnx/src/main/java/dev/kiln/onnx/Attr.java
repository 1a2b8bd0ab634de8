package dev.kiln.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An ONNX node's attribute: {@code Attr.ints("perm", 0, 3, 1, 2)}. */
record Attr(AttributeProto proto) {
  static Attr of(String name, long value) {
    return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
  }

  static Attr of(String name, float value) {
    return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build());
  }

  static Attr of(String name, String value) {
    return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
        .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
  }

  static Attr ints(String name, long... values) {
    return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList()).build());
  }

  static Attr floats(String name, float... values) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
    for (float v : values) {
      attribute.addFloats(v);
    }
    return new Attr(attribute.build());
  }

  static Attr strings(String name, String... values) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
    for (String v : values) {
      attribute.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
    }
    return new Attr(attribute.build());
  }
}
