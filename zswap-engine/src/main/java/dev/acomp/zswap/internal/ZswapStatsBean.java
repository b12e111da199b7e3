package dev.acomp.zswap.internal;

import dev.acomp.zswap.ZswapCounter;
import dev.acomp.zswap.ZswapStats;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanConstructorInfo;

/**
 * The engine's counters over JMX: one read-only attribute per {@link ZswapCounter} (its CamelCase name),
 * and {@code Compressor}. Reading several attributes at once reads one snapshot.
 */
public final class ZswapStatsBean implements DynamicMBean {
    private static final String COMPRESSOR = "Compressor";
    private static final Map<String, ZswapCounter> BY_ATTRIBUTE = new HashMap<>();
    private static final MBeanInfo INFO;

    static {
        ZswapCounter[] counters = ZswapCounter.values();
        MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[counters.length + 1];
        for (ZswapCounter c : counters) {
            BY_ATTRIBUTE.put(c.attributeName(), c);
            attributes[c.ordinal()] = new MBeanAttributeInfo(c.attributeName(), "long",
                    c.zswapName() + ": " + c.description(), true, false, false);
        }
        attributes[counters.length] = new MBeanAttributeInfo(COMPRESSOR, String.class.getName(),
                "the current pool's driver", true, false, false);
        INFO = new MBeanInfo(ZswapStatsBean.class.getName(), "zswap engine counters", attributes,
                new MBeanConstructorInfo[0], new MBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }

    private final Supplier<ZswapStats> stats;

    public ZswapStatsBean(Supplier<ZswapStats> stats) {
        this.stats = stats;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        return value(stats.get(), attribute);
    }

    private static Object value(ZswapStats s, String attribute) throws AttributeNotFoundException {
        if (COMPRESSOR.equals(attribute)) {
            return s.compressor();
        }
        ZswapCounter c = BY_ATTRIBUTE.get(attribute);
        if (c == null) {
            throw new AttributeNotFoundException("no zswap counter " + attribute);
        }
        return s.get(c);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        ZswapStats s = stats.get();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            try {
                list.add(new Attribute(a, value(s, a)));
            } catch (AttributeNotFoundException e) {
                // JMX leaves unknown attributes out of the list.
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("zswap counters are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("the zswap MBean has no operations: " + actionName);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }
}
