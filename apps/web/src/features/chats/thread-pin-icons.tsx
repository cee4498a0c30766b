import { Icon, type IconProps } from '../../components/ui/icons';

// Icons of threads and pins, drawn with the shared outline icon frame.

export function PinIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M9 4h6M10 4v5l-3 4h10l-3-4V4M12 13v7" />
    </Icon>
  );
}

export function ThreadIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 5h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z" />
      <path d="M17 9h3a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1h-1v3l-4-3h-4a1 1 0 0 1-1-1v-1" />
    </Icon>
  );
}

export function BellIcon({ off = false, ...props }: IconProps & { off?: boolean }) {
  return (
    <Icon {...props}>
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20a2 2 0 0 0 4 0" />
      {off && <path d="m4 4 16 16" />}
    </Icon>
  );
}
