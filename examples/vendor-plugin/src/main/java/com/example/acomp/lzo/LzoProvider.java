package com.example.acomp.lzo;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompProvider;
import java.util.List;

/** Found by the acomp registry through META-INF/services/dev.acomp.api.spi.AcompProvider. */
public final class LzoProvider implements AcompProvider {
    @Override
    public List<AcompDriver> drivers() {
        return List.of(new LzoDriver());
    }
}
