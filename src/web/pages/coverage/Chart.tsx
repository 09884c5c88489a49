import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, AriaComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what the coverage charts use, so the chunk stays small.
echarts.use([BarChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | AriaComponentOption>;

/** Colours with at least 3:1 contrast against white, told apart by pattern (decal) as well. */
export const chartColours = ['#1d4f73', '#b35900', '#17663a', '#6b3fa0', '#8a1c4a', '#4a5360'];

const prefersReducedMotion = () => typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/**
 * A chart drawn as SVG. It repeats a table on the same page, which is the accessible version: the
 * chart itself is hidden from assistive technology, and a visible caption says what it shows.
 */
export function Chart({ option, height, caption }: { option: ChartOption; height: number; caption: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: !prefersReducedMotion(),
      color: chartColours,
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', color: '#1b1f24' },
      ...option,
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return (
    <figure className="chart">
      <div ref={ref} className="chart__canvas" style={{ height }} aria-hidden="true" />
      <figcaption className="chart__caption">{caption}</figcaption>
    </figure>
  );
}
