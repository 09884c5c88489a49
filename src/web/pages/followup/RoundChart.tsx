import { lazy, Suspense } from 'react';
import type { ChartOption } from '../coverage/Chart';

export type { ChartOption };

// ECharts loads in a chunk of its own after the tables, which carry the same figures (as on the coverage page).
const LazyChart = lazy(() => import('../coverage/Chart').then((m) => ({ default: m.Chart })));

/** A chart beside its data table: hidden from assistive technology, which reads the table instead. */
export function RoundChart(props: { option: ChartOption; height: number; caption: string }) {
  return (
    <Suspense fallback={<div className="chart" style={{ minHeight: props.height }} />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

export const shorten = (text: string, max = 38) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** A horizontal stacked bar chart: one bar per row, one segment per series. */
export function stackedBars(rows: string[], series: { name: string; data: number[] }[], axisName: string): ChartOption {
  return {
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, name: axisName, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => shorten(r)) },
    series: series.map((s) => ({ type: 'bar', stack: 'all', name: s.name, data: s.data })),
  };
}
