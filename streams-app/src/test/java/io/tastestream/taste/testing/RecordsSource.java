package io.tastestream.taste.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded, checkpointed source of a fixed list (Flink's DataGeneratorSource over the indexes). The list stays in
 * a static registry rather than being serialised into the job graph. With parallelism p the index range is split
 * into p equal contiguous parts, one per subtask, each emitted in order; a checkpoint stores each part's position,
 * so after a restore the source resumes exactly there.
 */
public final class RecordsSource {
    private static final Map<String, List<?>> RECORDS = new ConcurrentHashMap<>();

    private RecordsSource() {}

    public static <T> DataStream<T> of(StreamExecutionEnvironment env, List<T> records, TypeInformation<T> type,
                                       double recordsPerSecond, int parallelism) {
        String id = UUID.randomUUID().toString();
        RECORDS.put(id, new ArrayList<>(records));
        GeneratorFunction<Long, T> byIndex = new ByIndex<>(id);
        RateLimiterStrategy rate = recordsPerSecond > 0
                ? RateLimiterStrategy.perSecond(recordsPerSecond) : RateLimiterStrategy.noOp();
        return env.fromSource(new DataGeneratorSource<>(byIndex, records.size(), rate, type),
                        WatermarkStrategy.noWatermarks(), "test records")
                .uid("test-records").setParallelism(parallelism);
    }

    private record ByIndex<T>(String id) implements GeneratorFunction<Long, T> {
        @Override
        @SuppressWarnings("unchecked")
        public T map(Long index) {
            return (T) RECORDS.get(id).get(index.intValue());
        }
    }
}
