import { Icon, type IconProps } from '../../components/ui/icons';

// Icons of quoting and forwarding, drawn with the shared outline icon frame.

export function QuoteIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M5 11h4v6H4v-5c0-3 1.5-5 4-6M15 11h4v6h-5v-5c0-3 1.5-5 4-6" />
    </Icon>
  );
}

export function ForwardIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m14 5 6 6-6 6M20 11H10a6 6 0 0 0-6 6v2" />
    </Icon>
  );
}
